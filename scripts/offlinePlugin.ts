// A Vite plugin for production builds: writes sw.js (app/offline/serviceWorker.ts compiled by esbuild) with the
// list of every file the build emits and a version derived from their names, so the service worker can cache
// the whole app at install and a new build replaces the old cache.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { transform } from 'esbuild';
import type { Plugin } from 'vite';

const SOURCE = new URL('../app/offline/serviceWorker.ts', import.meta.url);
const OUTPUT = 'sw.js';

/** Every file under `dir`, as paths relative to it with '/' separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(dir, join(entry.parentPath, entry.name)).replaceAll('\\', '/'),
    );
}

export function offlineCache(): Plugin {
  let publicDir = '';
  return {
    name: 'iomap-explorer-offline',
    apply: 'build',
    // After Vite's own plugins, so index.html is in the bundle.
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    async generateBundle(_options, bundle) {
      const files = [
        ...Object.keys(bundle),
        ...(publicDir === '' ? [] : filesUnder(publicDir)),
      ]
        // Source maps are for debugging, fetched only with the developer tools open.
        .filter((f) => !f.endsWith('.map') && f !== OUTPUT)
        .sort();
      const html = bundle['index.html'];
      const version = createHash('sha256')
        .update(files.join('\n'))
        .update(html?.type === 'asset' ? html.source : '')
        .digest('hex')
        .slice(0, 16);
      const { code } = await transform(readFileSync(SOURCE, 'utf8'), {
        loader: 'ts',
        target: 'es2022',
        format: 'esm',
      });
      this.emitFile({
        type: 'asset',
        fileName: OUTPUT,
        source: `const PRECACHE = ${JSON.stringify({ version, files: ['./', ...files] })};\n${code}`,
      });
    },
  };
}
