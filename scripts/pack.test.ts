// The package round trip a user makes: `npm pack` (which compiles the CLI), install the tarball into an empty
// directory without the network, and run the installed command with nothing of the repository around it.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'iomapx-pack-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// The npm run that started the tests leaves its settings in the environment: the child npm gets a clean one.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.toLowerCase().startsWith('npm_'),
  ),
);

let bin = '';

/** Runs the installed command from the empty directory; stdout, or the failure with its stderr. */
function cli(...args: string[]): string {
  return execFileSync(process.execPath, [bin, ...args], {
    cwd: join(dir, 'user'),
    env,
    encoding: 'utf8',
  });
}

beforeAll(() => {
  const [packed] = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--pack-destination', dir], {
      cwd: root,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as { filename: string }[];
  if (packed === undefined) throw new Error('npm pack reported no tarball');
  const tarball = join(dir, packed.filename);
  // An empty project of the user's own, so npm installs here and not in a parent directory's project.
  const user = join(dir, 'user');
  mkdirSync(user);
  writeFileSync(join(user, 'package.json'), '{ "private": true }\n');
  execFileSync(
    npm,
    ['install', tarball, '--offline', '--no-audit', '--no-fund'],
    { cwd: user, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // The link npm made for the command, as a user's shell finds it.
  bin = join(user, 'node_modules', '.bin', 'iomap-explorer');
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('installs the compiled CLI alone: no sources, no runtime dependencies', () => {
    const installed = readdirSync(join(dir, 'user', 'node_modules')).filter(
      (name) => !name.startsWith('.'),
    );
    expect(installed).toEqual(['iomap-explorer']);
    const files = readdirSync(
      join(dir, 'user', 'node_modules', 'iomap-explorer'),
      { recursive: true, encoding: 'utf8' },
    ).map((f) => f.replaceAll('\\', '/'));
    expect(files).toContain('lib/cli/main.js');
    expect(files).toContain('public/scenario.schema.json');
    // Of the repository, only the launcher: no TypeScript, no app.
    expect(files.filter((f) => f.startsWith('engine/'))).toEqual([
      'engine/cli',
      'engine/cli/bin.mjs',
    ]);
    expect(
      files.filter((f) => f.endsWith('.ts') || f.endsWith('.tsx')),
    ).toEqual([]);
  });

  it('prints its help and version', () => {
    expect(cli('--help')).toMatch(
      /iomap-explorer run <scenario> \[--design D\]/,
    );
    expect(cli('--version').trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('runs S3 under v1-posted and reports the data loss as JSON', () => {
    const json = JSON.parse(
      cli('run', 'S3', '--design', 'v1-posted', '--json'),
    ) as {
      schemaVersion: number;
      design: string;
      oracle: { ok: boolean };
    };
    expect(json).toMatchObject({
      schemaVersion: 1,
      design: 'v1-posted',
      oracle: { ok: false },
    });
  });

  it('replays an fsx op log', () => {
    copyFileSync(
      join(root, 'engine/cli/commands/fixtures/mixed.fsxops'),
      join(dir, 'user', 'mixed.fsxops'),
    );
    const json = JSON.parse(cli('replay-fsx', 'mixed.fsxops', '--json')) as {
      ok: boolean;
      design: string;
      sha256: string;
    };
    expect(json.ok).toBe(true);
    expect(json.design).toBe('srcmap');
    expect(json.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
