// `npm run hostile`: issue 18's audit as a reproducible check. Generates N cases of each input class
// (scenario JSON → run, fsx logs → replay-fsx, share links, damaged images), runs them in child processes
// (`--batch` cases each) with a heap and time bound, and counts crashes (a stack trace), hangs or
// out-of-memory, and wrong answers.
//
//   npm run hostile -- [--cases 200] [--seed 1] [--classes scenario,fsx,link,image] [--jobs 2]
//                      [--cpu-seconds 60] [--heap-mb 2048] [--batch 50]
//
// The time bound is CPU time per case (read from /proc while the case runs, with ulimit -t on the whole
// child behind it), not wall time, so a loaded machine does not turn slow cases into hangs; the memory
// bound is the JS heap (--max-old-space-size) and the peak RSS the child reports. A child that dies takes
// only its running case with it: the batch goes on after that case in a new child.
// After each batch the counts so far go to stderr, so a long run stopped early still says what it saw.
// Exit 1 when any case crashed, hung, ran out of memory or answered wrong; each such case's input and
// output go to reports/hostile/<class>-<index>.txt.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CLASSES, makeCase, type CaseClass } from './cases.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    classes: { type: 'string', default: CLASSES.join(',') },
    jobs: { type: 'string', default: '2' },
    'cpu-seconds': { type: 'string', default: '60' },
    'heap-mb': { type: 'string', default: '2048' },
    batch: { type: 'string', default: '50' },
  },
});

type Tally = 'ok' | 'refused' | 'eio' | 'wrong' | 'crash' | 'hang-or-oom';
const TALLIES: readonly Tally[] = [
  'ok',
  'refused',
  'eio',
  'crash',
  'hang-or-oom',
  'wrong',
];

const classes = values.classes.split(',') as CaseClass[];
for (const c of classes)
  if (!CLASSES.includes(c)) throw new Error(`unknown class ${c}`);
const cases = Number(values.cases);
const seed = Number(values.seed);
const cpuSeconds = Number(values['cpu-seconds']);
const heapMb = Number(values['heap-mb']);
const batch = Math.max(1, Number(values.batch));
const child = new URL('./child.ts', import.meta.url).pathname;
const tsconfig = new URL('../../tsconfig.base.json', import.meta.url).pathname;
const out = 'reports/hostile';
mkdirSync(out, { recursive: true });

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** The CPU seconds a process has used, from /proc (null once it is gone). */
function cpuOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, utime and stime fields 14 and 15 (1-based, stat(5)).
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return null;
  }
}

function tally(kind: CaseClass, index: number, t: Tally, note: string): void {
  const row = counts.get(kind);
  row?.set(t, (row.get(t) ?? 0) + 1);
  if (t === 'crash' || t === 'hang-or-oom' || t === 'wrong')
    writeFileSync(
      `${out}/${kind}-${String(index)}.txt`,
      `${t}\n--- input ---\n${makeCase(kind, index, seed).text.slice(0, 100_000)}\n--- output ---\n${note}`,
    );
}

/**
 * Runs cases [from, to) of `kind` in one child, which prints a verdict per case. A case that uses more than
 * `cpuSeconds` of CPU (read from /proc while it runs) is killed as a hang; when the child dies, the case it was
 * running is counted (crash, hang or out of memory) and the batch goes on after it in a new child.
 */
function runBatch(kind: CaseClass, from: number, to: number): Promise<number> {
  return new Promise((done) => {
    const node = [
      process.execPath,
      `--max-old-space-size=${String(heapMb)}`,
      '--import',
      'tsx',
      child,
      kind,
      String(from),
      String(to),
      String(seed),
    ];
    // ulimit -t bounds the whole batch, a backstop behind the per-case watch below.
    const p = spawn(
      'sh',
      [
        '-c',
        `ulimit -t ${String(cpuSeconds * (to - from) + 60)} && exec nice "$@"`,
        'sh',
        ...node,
      ],
      {
        env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let next = from;
    let started = performance.now();
    let cpuAtStart = 0;
    let peak = 0;
    let pending = '';
    let stderr = '';
    let hung = false;
    p.stdout.on('data', (d: Buffer) => {
      pending += d.toString();
      for (
        let nl = pending.indexOf('\n');
        nl >= 0;
        nl = pending.indexOf('\n')
      ) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const v = JSON.parse(line) as {
          outcome: Tally;
          detail: string;
          maxRssMb: number;
        };
        const overMemory = v.maxRssMb > heapMb && peak <= heapMb;
        peak = Math.max(peak, v.maxRssMb);
        peakRss.set(kind, Math.max(peakRss.get(kind) ?? 0, v.maxRssMb));
        tally(kind, next, overMemory ? 'hang-or-oom' : v.outcome, v.detail);
        slowest.set(
          kind,
          Math.max(slowest.get(kind) ?? 0, performance.now() - started),
        );
        next++;
        started = performance.now();
        cpuAtStart = (p.pid === undefined ? null : cpuOf(p.pid)) ?? cpuAtStart;
      }
    });
    p.stderr.on(
      'data',
      (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)),
    );
    const watch = setInterval(() => {
      const cpu = p.pid === undefined ? null : cpuOf(p.pid);
      if (cpu !== null && cpu - cpuAtStart > cpuSeconds) {
        hung = true;
        p.kill('SIGKILL');
      }
    }, 500);
    p.on('close', (code, signal) => {
      clearInterval(watch);
      if (next < to) {
        const t: Tally =
          hung ||
          signal === 'SIGXCPU' ||
          signal === 'SIGKILL' ||
          /heap out of memory|Allocation failed/.test(stderr)
            ? 'hang-or-oom'
            : 'crash';
        tally(
          kind,
          next,
          t,
          `exit ${String(code)} ${String(signal)}\n${stderr}`,
        );
        next++;
      }
      done(next);
    });
  });
}

const queue = classes.flatMap((kind) =>
  Array.from({ length: Math.ceil(cases / batch) }, (_, b) => ({
    kind,
    from: b * batch,
    to: Math.min(cases, (b + 1) * batch),
  })),
);
const counts = new Map<CaseClass, Map<Tally, number>>(
  classes.map((c) => [c, new Map()]),
);
const slowest = new Map<CaseClass, number>();
const peakRss = new Map<CaseClass, number>();
const began = performance.now();
let taken = 0;
/** After each batch, the counts so far on stderr: a long run that is stopped still says what it saw. */
function progress(kind: CaseClass): void {
  const row = counts.get(kind);
  const done = TALLIES.reduce((n, t) => n + (row?.get(t) ?? 0), 0);
  process.stderr.write(
    `${kind} ${String(done)}/${String(cases)} after ${((performance.now() - began) / 1000).toFixed(0)} s: ${TALLIES.map((t) => `${t} ${String(row?.get(t) ?? 0)}`).join(', ')}; peak RSS ${String(peakRss.get(kind) ?? 0)} MB\n`,
  );
}
async function worker(): Promise<void> {
  for (let item = queue[taken++]; item !== undefined; item = queue[taken++]) {
    for (let from = item.from; from < item.to;)
      from = await runBatch(item.kind, from, item.to);
    progress(item.kind);
  }
}
await Promise.all(Array.from({ length: Number(values.jobs) }, worker));

const header = ['class', 'cases', ...TALLIES, 'slowest', 'peak RSS'];
const rows = classes.map((c) => [
  c,
  String(cases),
  ...TALLIES.map((t) => String(counts.get(c)?.get(t) ?? 0)),
  `${((slowest.get(c) ?? 0) / 1000).toFixed(1)} s`,
  `${String(peakRss.get(c) ?? 0)} MB`,
]);
const widths = header.map((h, i) =>
  Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)),
);
for (const r of [header, ...rows])
  console.log(r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
const bad = classes.reduce(
  (n, c) =>
    n +
    (['crash', 'hang-or-oom', 'wrong'] as const).reduce(
      (m, t) => m + (counts.get(c)?.get(t) ?? 0),
      0,
    ),
  0,
);
console.log(
  `${String(cases * classes.length)} cases in ${((performance.now() - began) / 1000).toFixed(0)} s`,
);
console.log(
  bad === 0
    ? `verdict: ok: every case ran to a clear error, a correct result or EIO (seed ${String(seed)}, heap and RSS ${String(heapMb)} MB, ${String(cpuSeconds)} CPU s each)`
    : `verdict: ${String(bad)} case(s) crashed, hung, ran out of memory or answered wrong: see ${out}/`,
);
process.exitCode = bad === 0 ? 0 : 1;
