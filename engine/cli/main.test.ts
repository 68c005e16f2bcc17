import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../testing/runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'iomapx-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('iomap-explorer CLI', () => {
  it('prints help and version', async () => {
    expect((await run('--help')).out).toMatch(/disk create <file>/);
    expect((await run('--version')).out).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects an unknown command with usage exit code 2', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'frobnicate'/);
  });

  it('creates an image and describes it', async () => {
    const file = join(dir, 'a.img');
    const made = await run(
      'disk',
      'create',
      file,
      '--size',
      '8M',
      '--seed',
      '4',
    );
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/8 MiB, generation 1/);
    const info = await run('disk', 'info', file, '--json');
    expect(info.code).toBe(0);
    expect(JSON.parse(info.out)).toMatchObject({
      sizeBytes: 8 * 1024 * 1024,
      generation: 1,
      superblockCopy: 0,
    });
  });

  it('refuses to overwrite an existing file', async () => {
    const file = join(dir, 'exists.img');
    writeFileSync(file, 'precious');
    const r = await run('disk', 'create', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/already exists/);
  });

  it('rejects sizes that are malformed or too small', async () => {
    expect(
      (await run('disk', 'create', join(dir, 'b.img'), '--size', 'lots')).err,
    ).toMatch(/is not a size/);
    expect(
      (await run('disk', 'create', join(dir, 'c.img'), '--size', '1M')).err,
    ).toMatch(/out of range/);
  });

  it('says clearly when a file is missing, foreign or too small', async () => {
    expect((await run('disk', 'info', join(dir, 'missing.img'))).err).toMatch(
      /does not exist/,
    );
    const foreign = join(dir, 'foreign.img');
    writeFileSync(foreign, Buffer.alloc(4 * 1024 * 1024, 0x41));
    expect((await run('disk', 'info', foreign)).err).toMatch(
      /not an iomap-explorer disk image: no superblock magic/,
    );
    const small = join(dir, 'small.img');
    writeFileSync(small, 'tiny');
    expect((await run('disk', 'info', small)).err).toMatch(
      /too small to hold a superblock/,
    );
  });

  describe('small ones of issue 18 (finding 9)', () => {
    it('prints help for disk create --help and disk info --help', async () => {
      for (const sub of ['create', 'info']) {
        const r = await run('disk', sub, '--help');
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/disk create <file>/);
      }
    });

    it('refuses a seed over 32 bits instead of truncating it', async () => {
      const r = await run(
        'disk',
        'create',
        join(dir, 's.img'),
        '--seed',
        String(2 ** 32),
      );
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        /--seed '4294967296' is not an integer from 0 to 4294967295/,
      );
      expect(existsSync(join(dir, 's.img'))).toBe(false);
    });

    it('refuses a size that is not a multiple of 4 KiB', async () => {
      const r = await run(
        'disk',
        'create',
        join(dir, 'odd.img'),
        '--size',
        '4097K',
      );
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/is not a multiple of 4 KiB \(try 4 MiB\)/);
    });

    it('says the directory is missing when it is', async () => {
      const r = await run('disk', 'create', join(dir, 'no-such-dir', 'a.img'));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /cannot create .*a\.img: its directory does not exist/,
      );
    });

    it('refuses a FIFO and a device instead of blocking or reading forever', async () => {
      const fifo = join(dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      for (const argv of [
        ['run', fifo],
        ['replay-fsx', fifo],
        ['disk', 'info', fifo],
        ['run', '/dev/zero'],
      ]) {
        const r = await run(...argv);
        expect(r.code, argv.join(' ')).toBe(1);
        expect(r.err, argv.join(' ')).toMatch(/not a regular file/);
      }
    });
  });
});
