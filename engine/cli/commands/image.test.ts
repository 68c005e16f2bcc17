// The image as a user's file (issue 18, "Also build"): run --image leaves an image committed, ls lists it,
// check finds no problem, and a damaged one is a sentence and exit 1 from check, ls and disk info.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { mountFs } from '../../btrfs/mount.ts';
import { NodeFileDisk } from '../../disk/nodeFileDisk.ts';
import { Recorder } from '../../trace/recorder.ts';
import { craftDamage } from '../../testing/imageCraft.ts';
import { runCli } from '../../testing/runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'iomapx-image-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh 64 MiB image with S1 run on it. */
async function imageWithS1(name: string): Promise<string> {
  const file = join(dir, name);
  expect((await runCli('disk', 'create', file, '--seed', '1')).code).toBe(0);
  const run = await runCli('run', 'S1', '--image', file);
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/\nimage .* committed at generation \d+$/);
  return file;
}

describe('run --image, ls, check and disk info on an image file', () => {
  it('run leaves the image committed; ls lists the file and its extents; check finds nothing', async () => {
    const file = await imageWithS1('s1.img');
    const ls = await runCli('ls', file);
    expect(ls.code).toBe(0);
    expect(ls.out).toMatch(
      /^.*s1\.img: generation \d+, 1 file\(s\)\nF {2}inode 257, 16 KiB \(16384 bytes\), 16 KiB allocated, \d extent\(s\)\n {2}\[0, \+\d+\) {2}regular {3}disk \d+/,
    );
    const json = JSON.parse((await runCli('ls', file, '--json')).out) as {
      files: { name: string; size: number; extents: unknown[] }[];
    };
    expect(json.files.map((f) => [f.name, f.size])).toEqual([['F', 16384]]);
    expect(json.files[0]?.extents.length).toBeGreaterThan(0);
    const check = await runCli('check', file);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(
      /^checking .*: generation \d+, 1 file\(s\), \d+ tree node\(s\)\nno problems found$/,
    );
    const info = await runCli('disk', 'info', file);
    expect(info.out).toMatch(/\ntrees: {7}ok, 1 file\(s\)$/);
  });

  it('a damaged tree: check, ls and disk info say so with a sentence and exit 1', async () => {
    const file = await imageWithS1('damaged.img');
    const disk = NodeFileDisk.open(file);
    try {
      expect(
        craftDamage(disk, 'inode nbytes wrong', createRng(1)),
      ).not.toBeNull();
    } finally {
      disk.close();
    }
    const says =
      'fs tree: inode 257: nbytes 20480, but its file extent items hold 16384';
    const check = await runCli('check', file);
    expect(check.code).toBe(1);
    expect(check.err).toBe(
      `checking ${file}: it does not mount\n  ${says}\n1 problem(s) found`,
    );
    const json = JSON.parse((await runCli('check', file, '--json')).out) as {
      mounted: boolean;
      problems: { message: string }[];
    };
    expect(json).toMatchObject({
      mounted: false,
      problems: [{ message: says }],
    });
    const ls = await runCli('ls', file);
    expect([ls.code, ls.err]).toEqual([1, `iomap-explorer: ${file}: ${says}`]);
    const info = await runCli('disk', 'info', file);
    expect(info.code).toBe(1);
    expect(info.out).toContain(
      `\ntrees:       DAMAGED: ${says} (run 'iomap-explorer check ${file}')`,
    );
  });

  it('a formatted image never committed has no trees yet; a foreign file does not mount', async () => {
    const file = join(dir, 'fresh.img');
    await runCli('disk', 'create', file, '--size', '4M');
    const info = await runCli('disk', 'info', file);
    expect([info.code, info.out.split('\n').at(-1)]).toEqual([
      0,
      'trees:       none yet (formatted, never committed)',
    ]);
    const check = await runCli('check', file);
    expect(check.code).toBe(1);
    expect(check.err).toContain(
      'the image holds no filesystem trees yet (formatted, never committed)',
    );
    const foreign = join(dir, 'foreign.bin');
    writeFileSync(foreign, new Uint8Array(256 * 1024).fill(7));
    expect((await runCli('check', foreign)).err).toContain(
      'not an iomap-explorer disk image',
    );
  });

  it('run --image refuses a file that is not an image, and an image smaller than the scenario needs', async () => {
    const foreign = join(dir, 'not-an-image.bin');
    writeFileSync(foreign, new Uint8Array(256 * 1024));
    const r = await runCli('run', 'S1', '--image', foreign);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^iomap-explorer: .*not-an-image\.bin: not an iomap-explorer disk image: .* \(make one with 'iomap-explorer disk create'\)$/,
    );
    const small = join(dir, 'small.img');
    await runCli('disk', 'create', small, '--size', '4M');
    const s = await runCli('run', 'S1', '--image', small);
    expect([s.code, s.err]).toEqual([
      1,
      `iomap-explorer: ${small}: the scenario needs a 64 MiB device; the image is 4 MiB`,
    ]);
    expect((await runCli('ls', join(dir, 'missing.img'))).code).toBe(1);
  });

  it('run --image --cut-at: at every 13th step event of S15 (a seeded part landing at every other), the image remounts consistent, and check (data checksums too) and ls read it cleanly or refuse it with a sentence', async () => {
    const events = (
      JSON.parse((await runCli('run', 'S15', '--json')).out) as {
        events: number;
      }
    ).events;
    let mounted = 0;
    for (let event = 1; event < events; event += 13) {
      const file = join(dir, `cut-${String(event)}.img`);
      await runCli('disk', 'create', file, '--seed', '1');
      const seed = event % 2 === 0 ? ['--cut-seed', String(event)] : [];
      const run = await runCli(
        'run',
        'S15',
        '--image',
        file,
        '--cut-at',
        String(event),
        ...seed,
        '--json',
      );
      expect(run.code, `cut before event ${String(event)}`).toBe(0);
      const r = JSON.parse(run.out) as {
        cut: { event: number; lostDurableBytes: number };
        image: { committed: number | null };
      };
      expect(r.cut).toMatchObject({ event, lostDurableBytes: 0 });
      expect(r.image.committed).toBeNull();
      const check = await runCli('check', file, '--check-data-csum', '--json');
      const c = JSON.parse(check.out) as {
        mounted: boolean;
        problems: { message: string }[];
      };
      const ls = await runCli('ls', file);
      if (c.mounted) {
        mounted++;
        expect([check.code, c.problems], `event ${String(event)}`).toEqual([
          0,
          [],
        ]);
        expect(ls.code).toBe(0);
        expect(ls.out).toContain('\nF  inode 257, ');
      } else {
        // Cut before the setup's first commit reached the disk: the image is still as 'disk create' made it.
        expect(c.problems.map((p) => p.message)).toEqual([
          'the image holds no filesystem trees yet (formatted, never committed)',
        ]);
        expect([check.code, ls.code]).toEqual([1, 1]);
      }
    }
    expect(mounted).toBeGreaterThan(10);
    const past = await runCli('run', 'S15', '--cut-at', String(events));
    expect([past.code, past.err]).toEqual([
      1,
      `iomap-explorer: no power cut: the run has ${String(events)} step events, none numbered ${String(events)}`,
    ]);
    expect((await runCli('run', 'S15', '--cut-at', '1e3')).err).toContain(
      '--cut-at takes a whole number, got "1e3"',
    );
    expect((await runCli('run', 'S15', '--cut-seed', '1')).code).toBe(2);
  }, 120_000);

  it('check --check-data-csum reads the data and names a flipped byte; plain check, as btrfs check, does not read data', async () => {
    const file = await imageWithS1('flipped.img');
    const disk = NodeFileDisk.open(file);
    let at: number;
    try {
      const m = mountFs(disk, { pageSize: 4096, rec: new Recorder(false) });
      if (!m.ok) throw new Error(m.error.message);
      const fs = m.value.fs;
      at = Math.min(...fs.extentTree.csums.keys());
      const sector = new Uint8Array(4096);
      fs.disk.read(at, sector);
      sector[100] = (sector[100] ?? 0) ^ 0x10;
      fs.disk.write(at, sector);
    } finally {
      disk.close();
    }
    expect((await runCli('check', file)).code).toBe(0);
    const check = await runCli('check', file, '--check-data-csum');
    expect(check.code).toBe(1);
    expect(check.err).toMatch(
      new RegExp(
        `^checking .*: generation \\d+, 1 file\\(s\\), \\d+ tree node\\(s\\)\n {2}data checksums: \\d+ sector\\(s\\) read and compared\n {2}data at disk \\[${String(at)}, ${String(at + 4096)}\\) does not match its csum \\(inode 257 \\(F\\) file offset \\d+: a read there fails with EIO\\)\n1 problem\\(s\\) found$`,
      ),
    );
    const json = JSON.parse(
      (await runCli('check', file, '--check-data-csum', '--json')).out,
    ) as { problems: { code: string }[] };
    expect(json.problems.map((p) => p.code)).toEqual(['csum-mismatch']);
    // ls reads the trees only: the file is listed as before.
    expect((await runCli('ls', file)).code).toBe(0);
  });

  it('prints help for check and ls', async () => {
    expect((await runCli('check', '--help')).out).toMatch(
      /^Usage:\n {2}iomap-explorer check <image>/,
    );
    expect((await runCli('ls', '--help')).out).toMatch(
      /^Usage:\n {2}iomap-explorer ls <image>/,
    );
    expect((await runCli('check')).code).toBe(2);
  });
});
