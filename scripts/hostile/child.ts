// One hostile case in a child process (scripts/hostile/main.ts bounds its time and memory): prints the
// verdict as one JSON line. A throw is left uncaught, so its stack trace is what the parent counts as a crash.

import { CLASSES, makeCase, type CaseClass } from './cases.ts';
import { judge } from './judge.ts';

const [kind, index, seed] = process.argv.slice(2);
if (!CLASSES.includes(kind as CaseClass))
  throw new Error(`unknown class ${String(kind)}`);
const verdict = await judge(
  makeCase(kind as CaseClass, Number(index), Number(seed)),
);
// The peak resident memory, heap and buffers both (maxRSS is in KiB).
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ ...verdict, maxRssMb })}\n`);
