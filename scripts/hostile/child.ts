// Hostile cases in a child process (scripts/hostile/main.ts bounds its time and memory): cases `from` to
// `to` - 1 of one class, each verdict printed as one JSON line as soon as it is known, so the parent can tell
// which case was running when the process died. A throw is left uncaught: its stack trace is the crash.

import { CLASSES, makeCase, type CaseClass } from './cases.ts';
import { judge } from './judge.ts';

const [kind, from, to, seed] = process.argv.slice(2);
if (!CLASSES.includes(kind as CaseClass))
  throw new Error(`unknown class ${String(kind)}`);
for (let index = Number(from); index < Number(to); index++) {
  const verdict = await judge(makeCase(kind as CaseClass, index, Number(seed)));
  // The peak resident memory so far, heap and buffers both (maxRSS is in KiB).
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ ...verdict, index, maxRssMb })}\n`);
}
