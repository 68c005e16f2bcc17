// Where a page's bytes come from at the cursor, block by block: folded from the run's own page events
// (page.read, page.copy, page.zero) since the page entered the cache, never written per scenario. The byte
// values follow the scenario's rules (a file's fill, a write's pattern) and are left unknown where no rule
// says them (a splice, bytes after a truncate or a power cut).

import {
  fillByte,
  pageKey,
  patternByte,
  type Op,
  type Scenario,
  type StepEvent,
} from '@engine';

/** Where a byte came from: filled in an earlier operation (old), or in this one from disk, from the user
 * buffer or as zeros; unset bytes hold nothing valid (the block is not uptodate there). */
export type ByteSource = 'old' | 'disk' | 'user' | 'zero' | 'unset';

export const SOURCE_LABEL: Readonly<Record<ByteSource, string>> = {
  old: 'old data',
  disk: 'read from disk',
  user: 'user data',
  zero: 'zeros',
  unset: 'not filled',
};

/** A run of bytes of one source inside a block, with its place in the strip (percent of the block). */
export interface ByteRun {
  readonly from: number;
  readonly to: number;
  readonly source: ByteSource;
  readonly left: number;
  readonly width: number;
}

export interface BlockBytes {
  /** Block number inside the page and its byte range in the page. */
  readonly block: number;
  readonly from: number;
  readonly to: number;
  readonly runs: readonly ByteRun[];
  /** The strip's accessible name: every run in words. */
  readonly label: string;
}

export interface PageBytes {
  readonly index: number;
  readonly blocks: readonly BlockBytes[];
  /** The byte at each page offset (null: no rule says it), and what the file held there before this op. */
  readonly value: (offset: number) => number | null;
  readonly before: (offset: number) => number | null;
  /** Whether the page's history was found (a very long run scanned back only so far). */
  readonly known: boolean;
}

/** How far back the fold looks for the page's arrival (keeps a step cheap on very long runs). */
export const MAX_SCAN = 20_000;

interface Cell {
  source: ByteSource;
  op: number;
  value: number | null;
}

/** Ops that leave every file's bytes as they were (the expected content only changes by writes). */
const NEUTRAL = new Set<Op['op']>([
  'read',
  'writeback',
  'complete-io',
  'fsync',
  'sync',
  'commit',
  'remount',
  'drop-caches',
]);

/** What file `name` held at `offset` before operation `op` (its fill under a regular extent, zeros in a
 * hole, the last write's pattern), or null once an operation the rule does not follow came before. */
export function fileBefore(
  scenario: Scenario,
  name: string,
  op: number,
  offset: number,
): number | null {
  const file = scenario.files.find((f) => f.name === name);
  if (file === undefined) return null;
  let byte =
    offset < file.size &&
    file.extents.some(
      (e) =>
        e.type === 'regular' &&
        offset >= e.offset &&
        offset < e.offset + e.length,
    )
      ? fillByte(file.fill, offset)
      : 0;
  for (let k = 0; k < op && k < scenario.ops.length; k++) {
    const o = scenario.ops[k];
    if (o === undefined || NEUTRAL.has(o.op)) continue;
    if (o.op !== 'write') return null;
    if (o.file === name && offset >= o.offset && offset < o.offset + o.length)
      byte = patternByte(o.pattern, k + 1);
  }
  return byte;
}

/** The step at which the page last entered the cache (at or before `cursor`), or -1 if not found. */
function arrival(
  events: readonly StepEvent[],
  cursor: number,
  key: string,
): number {
  const stop = Math.max(0, cursor - MAX_SCAN);
  for (let s = cursor; s >= stop; s--)
    for (const c of events[s]?.changes ?? [])
      if (c.table === 'page' && c.key === key && c.before === null) return s;
  return -1;
}

function sourceRuns(cells: readonly Cell[], from: number, to: number) {
  const runs: ByteRun[] = [];
  const size = to - from;
  let start = from;
  for (let b = from + 1; b <= to; b++)
    if (b === to || cells[b]?.source !== cells[start]?.source) {
      runs.push({
        from: start,
        to: b,
        source: cells[start]?.source ?? 'unset',
        left: ((start - from) / size) * 100,
        width: ((b - start) / size) * 100,
      });
      start = b;
    }
  return runs;
}

export interface PageQuery {
  readonly scenario: Scenario;
  readonly events: readonly StepEvent[];
  readonly cursor: number;
  /** The operation at the cursor (-1 in setup). */
  readonly op: number;
  readonly file: string;
  readonly ino: number;
  readonly index: number;
  readonly pageSize: number;
  readonly sectorSize: number;
}

/** The page's bytes at the cursor, by block. */
export function pageBytes(q: PageQuery): PageBytes {
  const key = pageKey(q.ino, q.index);
  const base = q.index * q.pageSize;
  const from = arrival(q.events, q.cursor, key);
  const known = from >= 0;
  // Bytes of a page whose arrival lies beyond the scan are old with no value we can vouch for.
  const cells: Cell[] = Array.from({ length: q.pageSize }, () => ({
    source: known ? 'unset' : 'old',
    op: -1,
    value: null,
  }));
  const fill = (
    a: number,
    b: number,
    source: ByteSource,
    op: number,
    value: (off: number) => number | null,
  ) => {
    for (let i = Math.max(0, a); i < Math.min(b, q.pageSize); i++)
      cells[i] = { source, op, value: value(base + i) };
  };
  // A page that arrived uptodate (the scenario's cached pages, set up before the first operation) holds
  // what the file held then, block by block as its record says.
  const born = q.events[from]?.changes?.find(
    (c) => c.table === 'page' && c.key === key,
  );
  if (born?.table === 'page' && born.after !== null) {
    const arrivedIn = q.events[from]?.op ?? -1;
    for (let b = 0; b < born.after.uptodate.length; b++)
      if (born.after.uptodate[b] === '1')
        fill(
          b * q.sectorSize,
          (b + 1) * q.sectorSize,
          'old',
          arrivedIn,
          (off) => fileBefore(q.scenario, q.file, Math.max(0, arrivedIn), off),
        );
  }
  for (let s = Math.max(0, from); s <= q.cursor; s++) {
    const e = q.events[s];
    if (e === undefined) continue;
    if (
      (e.kind !== 'page.read' &&
        e.kind !== 'page.copy' &&
        e.kind !== 'page.zero') ||
      e.ino !== q.ino ||
      e.index !== q.index
    )
      continue;
    if (e.kind === 'page.zero')
      for (const [a, b] of e.ranges) fill(a, b, 'zero', e.op, () => 0);
    else if (e.kind === 'page.read')
      fill(
        e.from,
        e.from + e.length,
        e.bytenr < 0 ? 'zero' : 'disk',
        e.op,
        e.bytenr < 0
          ? () => 0
          : (off) => fileBefore(q.scenario, q.file, e.op, off),
      );
    else {
      const spec = q.scenario.ops[e.op];
      const byte =
        spec?.op === 'write' ? patternByte(spec.pattern, e.op + 1) : null;
      fill(e.from, e.from + e.copied, 'user', e.op, () => byte);
    }
  }
  for (const c of cells) if (c.op >= 0 && c.op < q.op) c.source = 'old';
  const blocks: BlockBytes[] = [];
  for (let b = 0; b * q.sectorSize < q.pageSize; b++) {
    const start = b * q.sectorSize;
    const end = start + q.sectorSize;
    const runs = sourceRuns(cells, start, end);
    blocks.push({
      block: b,
      from: start,
      to: end,
      runs,
      label: `Page ${String(q.index)}, block ${String(b)}: ${runs
        .map(
          (r) =>
            `bytes ${String(r.from)} to ${String(r.to - 1)} ${SOURCE_LABEL[r.source]}`,
        )
        .join('; ')}`,
    });
  }
  return {
    index: q.index,
    blocks,
    known,
    value: (off) => cells[off]?.value ?? null,
    before: (off) => fileBefore(q.scenario, q.file, q.op, base + off),
  };
}

/** Windows of bytes worth reading in hex: the block's first bytes and each change of source inside it. */
export function hexWindows(
  block: BlockBytes,
  width = 16,
): readonly (readonly [number, number])[] {
  const starts = [block.from];
  for (const r of block.runs.slice(1))
    starts.push(Math.max(block.from, r.from - width / 2));
  const out: [number, number][] = [];
  for (const s of starts) {
    const a = Math.min(s, block.to - width);
    const last = out.at(-1);
    if (last !== undefined && a < last[1]) continue;
    out.push([Math.max(block.from, a), Math.min(block.to, a + width)]);
  }
  return out;
}

/** A byte as two hex digits, or two dots when no rule says it. */
export function hex(byte: number | null): string {
  return byte === null ? '··' : byte.toString(16).padStart(2, '0');
}

/** Which pages of the file the bytes view shows: the page the step acts on, else the partly covered pages
 * at the operation's two ends (a write's whole pages hold nothing but user data). */
export function pagesUnderOp(
  action: number | null,
  opRange: readonly [number, number] | null,
  pageSize: number,
  cached: (index: number) => boolean,
): readonly number[] {
  if (action !== null && cached(action)) return [action];
  if (opRange === null || opRange[1] <= opRange[0]) return [];
  const first = Math.floor(opRange[0] / pageSize);
  const last = Math.floor((opRange[1] - 1) / pageSize);
  return [...new Set([first, last])].filter(cached);
}
