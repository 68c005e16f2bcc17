// `npm run hostile`: issue 18's audit as a reproducible check. Generates N cases of each input class
// (scenario JSON → run, fsx logs → replay-fsx, share links, damaged images), runs each in a child process
// with a heap and time bound, and counts crashes (a stack trace), hangs or out-of-memory, and wrong answers.
//
//   npm run hostile -- [--cases 200] [--seed 1] [--classes scenario,fsx,link,image] [--jobs 2]
//                      [--cpu-seconds 60] [--heap-mb 2048]
//
// The time bound is CPU time (ulimit -t), not wall time, so a loaded machine does not turn slow cases into
// hangs; the memory bound is the JS heap (--max-old-space-size) and the peak RSS the child reports.
// Exit 1 when any case crashed, hung, ran out of memory or answered wrong; each such case's input and
// output go to reports/hostile/<class>-<index>.txt.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
/** Wall-clock backstop (a child blocked without using CPU): far past the CPU bound. */
const wallMs = cpuSeconds * 20_000;
const child = new URL('./child.ts', import.meta.url).pathname;
const tsconfig = new URL('../../tsconfig.base.json', import.meta.url).pathname;
const out = 'reports/hostile';
mkdirSync(out, { recursive: true });

interface Run {
  readonly tally: Tally;
  readonly ms: number;
}

function runOne(kind: CaseClass, index: number): Promise<Run> {
  const started = performance.now();
  return new Promise((done) => {
    const node = [
      process.execPath,
      `--max-old-space-size=${String(heapMb)}`,
      '--import',
      'tsx',
      child,
      kind,
      String(index),
      String(seed),
    ];
    const p = spawn(
      'sh',
      [
        '-c',
        `ulimit -t ${String(cpuSeconds)} && exec nice "$@"`,
        'sh',
        ...node,
      ],
      {
        env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on(
      'data',
      (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)),
    );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, wallMs);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      const verdict =
        code === 0
          ? (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
              outcome: Tally;
              maxRssMb: number;
            })
          : null;
      let tally: Tally;
      if (
        timedOut ||
        signal === 'SIGXCPU' ||
        signal === 'SIGKILL' ||
        /heap out of memory|Allocation failed/.test(stderr)
      )
        tally = 'hang-or-oom';
      else if (verdict === null) tally = 'crash';
      else if (verdict.maxRssMb > heapMb) tally = 'hang-or-oom';
      else tally = verdict.outcome;
      if (verdict !== null)
        peakRss.set(kind, Math.max(peakRss.get(kind) ?? 0, verdict.maxRssMb));
      if (tally === 'crash' || tally === 'hang-or-oom' || tally === 'wrong')
        writeFileSync(
          `${out}/${kind}-${String(index)}.txt`,
          `${tally}\n--- input ---\n${makeCase(kind, index, seed).text.slice(0, 100_000)}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
        );
      done({ tally, ms: performance.now() - started });
    });
  });
}

const queue = classes.flatMap((kind) =>
  Array.from({ length: cases }, (_, i) => ({ kind, index: i })),
);
const counts = new Map<CaseClass, Map<Tally, number>>(
  classes.map((c) => [c, new Map()]),
);
const slowest = new Map<CaseClass, number>();
const peakRss = new Map<CaseClass, number>();
let next = 0;
async function worker(): Promise<void> {
  for (let item = queue[next++]; item !== undefined; item = queue[next++]) {
    const r = await runOne(item.kind, item.index);
    const row = counts.get(item.kind);
    row?.set(r.tally, (row.get(r.tally) ?? 0) + 1);
    slowest.set(item.kind, Math.max(slowest.get(item.kind) ?? 0, r.ms));
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
  bad === 0
    ? `verdict: ok: every case ran to a clear error, a correct result or EIO (seed ${String(seed)}, heap and RSS ${String(heapMb)} MB, ${String(cpuSeconds)} CPU s each)`
    : `verdict: ${String(bad)} case(s) crashed, hung, ran out of memory or answered wrong: see ${out}/`,
);
process.exitCode = bad === 0 ? 0 : 1;
