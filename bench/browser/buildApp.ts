// The production build the browser bench serves, and the initial JS it makes the browser download: the
// entry script and the chunks index.html preloads, gzipped as Vite reports them (zlib, default level).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface InitialJs {
  readonly files: readonly string[];
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** `vite build` of the app and the bench harness into `outDir`; throws with Vite's output on failure. */
export function buildApp(outDir: string): void {
  const r = spawnSync(
    'npx',
    [
      'vite',
      'build',
      '-c',
      'bench/browser/vite.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0)
    throw new Error(
      `vite build failed:\n${r.stdout}${r.stderr}${r.error?.message ?? ''}`,
    );
}

/** The JS index.html loads at start (module script and modulepreload links) in a build. */
export function initialJs(outDir: string): InitialJs {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1] ?? '');
  const files = [...new Set(refs.filter((r) => r.endsWith('.js')))];
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const data = readFileSync(join(outDir, file.replace(/^\//, '')));
    bytes += data.length;
    gzipBytes += gzipSync(data).length;
  }
  return { files, bytes, gzipBytes };
}
