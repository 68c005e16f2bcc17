// Type-checks every part of the project under its own tsconfig (the engine without DOM, the worker with
// WebWorker, the app with DOM, Node tools with node types). Exits non-zero on the first failing part.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { references } = JSON.parse(
  readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8'),
);
const tsc = new URL('../node_modules/typescript/bin/tsc', import.meta.url)
  .pathname;
let failed = 0;
for (const { path } of references) {
  const r = spawnSync(process.execPath, [tsc, '-p', path, '--pretty'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    failed++;
    console.error(`typecheck failed: ${path}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
