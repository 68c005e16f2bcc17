// Compiles the command line to JavaScript for the package (npm pack runs it as `prepack`): one ES module
// per command, loaded on demand, with the engine bundled in and nothing to install at run time.
//   node scripts/buildCli.mjs [outdir]   (default lib/cli; `npm run bench` builds into a temporary one)
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'lib/cli';
rmSync(outdir === 'lib/cli' ? 'lib' : outdir, { recursive: true, force: true });
await build({
  entryPoints: ['engine/cli/main.ts'],
  outdir,
  bundle: true,
  // Each command's dynamic import becomes a chunk of its own: `--help` loads none of them.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
// On stderr: `npm pack --json` prints its report on stdout, and this runs inside it.
console.error(`built ${outdir}/main.js`);
