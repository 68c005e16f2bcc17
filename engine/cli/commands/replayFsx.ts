// `iomap-explorer replay-fsx <file>`: replay an fsx --record-ops log (engine/scenario/fsxFormat.ts) on one
// file that starts empty, under one design, with the data oracle checked after every op. It stops at
// the first disagreement and names the op, its log line and the bytes that differ.

import { basename } from 'node:path';
import { InvariantError } from '../../core/assert.ts';
import type { Errno } from '../../core/errno.ts';
import { type FsxEntry, type FsxLog } from '../../scenario/fsxFormat.ts';
import { parseFsxLog } from '../../scenario/fsxParse.ts';
import { fsxLogToScenario } from '../../scenario/fsxToScenario.ts';
import { DESIGN_IDS, type DesignId } from '../../scenario/types.ts';
import { createSimulation, type OpOutcome } from '../../sim/simulation.ts';
import { createXfsSimulation } from '../../sim/xfsSimulation.ts';
import { formatSize } from '../../core/units.ts';
import { fileSha256, MAX_HASHED_BYTES } from '../fileDigest.ts';
import { printJson, type Io } from '../output.ts';
import { readText } from '../readText.ts';
import { parseTargetArgs } from '../targetArgs.ts';

export const REPLAY_FSX_HELP = `Usage:
  iomap-explorer replay-fsx <file> [--design D] [--json]

Replays an op log in the --record-ops format of xfstests' fsx on one file that starts empty, under one
design (default: srcmap). One op per line: write, mapwrite, read, mapread OFF LEN; truncate 0x0 NEW;
fallocate, punch_hole, zero_range, collapse_range, insert_range OFF LEN [keep_size] [unshare];
clone_range, dedupe_range, copy_range SRC LEN DST; fsync. Numbers in hex (0x) or decimal; a trailing
file size, close_open and * are accepted and change nothing. Lines starting with '#' or 'skip ' are
ignored, except '#!' lines, which hold engine ops (writeback, sync, power-cut, ...) as scenario JSON.
Op k (the k-th line not ignored) writes bytes (k mod 255) + 1.
The data oracle is checked after every op; the replay stops at the first disagreement.
Designs: ${DESIGN_IDS.join(', ')} (--variant is another name for --design). Under xfs the file lives on the
XFS model; a log with collapse_range, insert_range or a '#!' commit, power-cut or remount is refused
(the XFS model does not shift extents and keeps no log).
--json prints { schemaVersion, file, design, ok, ops, opsRun, closeOpen, ignored, errors, size, sha256, mismatch? }.
Exit code 0 when every op agrees with the oracle; 1 on a disagreement or a missing or malformed log.`;

const DEFAULT_DESIGN: DesignId = 'srcmap';

/** What the replay needs of either simulation. */
interface ReplaySim {
  step(): OpOutcome | null;
  readonly outcomes: readonly OpOutcome[];
  streamFile(name: string, take: (bytes: Uint8Array) => void): void;
  size(name: string): number;
}

function replaySim(
  scenario: Parameters<typeof createSimulation>[0]['scenario'],
  design: DesignId,
): ReplaySim {
  if (design === 'xfs') {
    const sim = createXfsSimulation({ scenario, trace: false });
    return {
      step: () => sim.step(),
      outcomes: sim.outcomes,
      streamFile: (name, take) => {
        sim.streamFile(name, take);
      },
      size: (name) => sim.fs.byName(name)?.inode.isize ?? 0,
    };
  }
  const sim = createSimulation({ scenario, variant: design, trace: false });
  return {
    step: () => sim.step(),
    outcomes: sim.outcomes,
    streamFile: (name, take) => {
      sim.streamFile(name, take);
    },
    size: (name) => sim.fs.byName(name)?.inode.isize ?? 0,
  };
}

/** Where the replay stopped early, and why. */
type Mismatch = {
  /** The op number k (1-based). */
  readonly op: number;
  readonly line: number;
  readonly text: string;
} & ({ readonly mismatches: readonly string[] } | { readonly threw: string });

export function replayFsxCommand(argv: readonly string[], io: Io): number {
  const args = parseTargetArgs(argv, io, {
    command: 'replay-fsx',
    help: REPLAY_FSX_HELP,
    target: 'an fsx op log file',
    one: 'log file',
  });
  if (args === null) return 0;
  const { target: path } = args;
  const design = args.design ?? DEFAULT_DESIGN;

  const text = readText(path, 'fsx op log', io);
  if (text === null) return 1;
  const parsed = parseFsxLog(text);
  if (!parsed.ok) {
    io.err(
      `iomap-explorer: ${path} is not a valid fsx op log:\n${parsed.error.message}`,
    );
    return 1;
  }
  const log = parsed.value;
  const fileName = testFileName(path);
  const built = fsxLogToScenario(log, {
    fileName,
    ...(design === 'xfs' ? { filesystem: 'xfs' as const } : {}),
  });
  if (!built.ok) {
    io.err(`iomap-explorer: cannot replay ${path}:\n${built.error.message}`);
    return 1;
  }

  const sim = replaySim(built.value, design);
  const errors: Partial<Record<Errno, number>> = {};
  let mismatch: Mismatch | undefined;
  for (const [index, entry] of log.entries.entries()) {
    let outcome: OpOutcome | null;
    try {
      outcome = sim.step();
    } catch (error) {
      // A throw is an engine bug: say where the log hit it, with the stack, and stop.
      io.err(
        `iomap-explorer: the engine threw at op ${String(index + 1)} (line ${String(entry.line)}: ${entry.text}):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      mismatch = {
        ...where(entry, index),
        threw: error instanceof Error ? error.message : String(error),
      };
      break;
    }
    if (outcome === null)
      throw new InvariantError(
        `replay-fsx: the scenario ran out of ops at log op ${String(index + 1)}`,
      );
    if (outcome.error !== null)
      errors[outcome.error.errno] = (errors[outcome.error.errno] ?? 0) + 1;
    if (!outcome.oracle.ok) {
      mismatch = {
        ...where(entry, index),
        mismatches: outcome.oracle.mismatches,
      };
      break;
    }
  }

  const final = finalFile(sim, fileName);
  const summary = {
    file: path,
    design,
    ok: mismatch === undefined,
    ops: opCounts(log),
    opsRun: sim.outcomes.length,
    closeOpen: log.closeOpen,
    ignored: log.ignored,
    errors,
    size: final?.size ?? null,
    sha256: final?.sha256 ?? null,
    ...(mismatch === undefined ? {} : { mismatch }),
  };
  if (args.json) printJson(io, summary);
  else io.out(textSummary(summary, fileName, log.entries.length));
  return mismatch === undefined ? 0 : 1;
}

/** fsx names its log `<test file>.fsxops`: the test file's name is the log's, without that suffix. */
function testFileName(path: string): string {
  return basename(path).replace(/\.fsxops$/, '') || 'F';
}

function where(
  entry: FsxEntry,
  index: number,
): { op: number; line: number; text: string } {
  return { op: index + 1, line: entry.line, text: entry.text };
}

function finalFile(
  sim: ReplaySim,
  name: string,
): { size: number; sha256: string | null } | null {
  try {
    const size = sim.size(name);
    return { size, sha256: fileSha256(sim, name, size) };
  } catch {
    return null; // the engine already threw and was reported; its state may not be readable
  }
}

/** Ops by fsx name (a `#!` op by its engine kind), in order of first appearance. */
function opCounts(log: FsxLog): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of log.entries) {
    const name = e.name === '#!' ? e.op.op : e.name;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

function textSummary(
  s: {
    file: string;
    design: DesignId;
    ops: Record<string, number>;
    opsRun: number;
    closeOpen: number;
    ignored: FsxLog['ignored'];
    errors: Partial<Record<Errno, number>>;
    size: number | null;
    sha256: string | null;
    mismatch?: Mismatch;
  },
  fileName: string,
  total: number,
): string {
  const list = (counts: Record<string, number>): string =>
    Object.entries(counts)
      .map(([name, n]) => `${name} ${String(n)}`)
      .join(', ') || 'none';
  const { comments, skipped, blank, closeOpenOnly } = s.ignored;
  const lines = [
    `fsx log ${s.file}: ${plural(total, 'op')} on file ${JSON.stringify(fileName)}, design ${s.design}`,
    `  ops: ${list(s.ops)}`,
    `  ignored: ${plural(comments, 'comment line')}, ${plural(skipped, 'skip line')}, ${plural(blank, 'blank line')}, ${plural(closeOpenOnly, 'close_open-only line')}`,
    `  close_open: ${String(s.closeOpen)} (nothing to replay: close and reopen change no contents)`,
    `  ops that returned an errno: ${list(s.errors)}`,
    s.size === null
      ? 'final file: unreadable after the engine threw'
      : s.sha256 === null
        ? `final file: ${String(s.size)} bytes (not hashed: over ${formatSize(MAX_HASHED_BYTES)})`
        : `final file: ${String(s.size)} bytes, sha256 ${s.sha256}`,
  ];
  const m = s.mismatch;
  if (m === undefined)
    lines.push(
      `verdict: ok: the data oracle agreed after every one of the ${plural(total, 'op')}`,
    );
  else {
    const at = `op ${String(m.op)} of ${String(total)} (line ${String(m.line)}: ${m.text})`;
    if ('threw' in m)
      lines.push(`verdict: the engine threw at ${at}: ${m.threw}`);
    else
      lines.push(
        `verdict: DISAGREEMENT at ${at}`,
        ...m.mismatches.map((x) => `  ${x}`),
      );
    lines.push(
      `The replay stopped there: the size and sha256 above are the file after ${plural(s.opsRun, 'op')}.`,
    );
  }
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}
