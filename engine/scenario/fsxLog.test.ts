// The fsx op log: every op form, ignored lines, numbers, errors by line, the byte rule, the scenario it
// makes, and the round trip from engine ops to a log and back.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/simulation.ts';
import { type FsxLog, type FsxOp } from './fsxFormat.ts';
import { parseFsxLog } from './fsxParse.ts';
import { fsxLogToScenario } from './fsxToScenario.ts';
import { opsToFsxLog } from './fsxWrite.ts';
import { expectEvery } from '../testing/nonVacuous.ts';
import type { Op, OpSpec, Scenario } from './types.ts';
import { validateScenario } from './validate.ts';

const MiB = 1024 * 1024;

function parsed(text: string): FsxLog {
  const r = parseFsxLog(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function parseError(text: string): string {
  const r = parseFsxLog(text);
  if (r.ok) throw new Error(`parsed: ${JSON.stringify(r.value)}`);
  expect(r.error.errno).toBe('EINVAL');
  return r.error.message;
}

function scenarioOf(text: string, fileName = 'F'): Scenario {
  const r = fsxLogToScenario(parsed(text), { fileName });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function opOf(line: string): FsxOp {
  const [entry] = parsed(line).entries;
  if (entry === undefined) throw new Error(`no op in ${line}`);
  return entry.op;
}

/** Normalized engine ops for one file F, as validateScenario makes them. */
function engineOps(ops: readonly OpSpec[]): readonly Op[] {
  const r = validateScenario({
    id: 'rt',
    title: 'rt',
    description: 'rt',
    files: [{ name: 'F', size: 0 }],
    ops,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario.ops;
}

describe('parseFsxLog', () => {
  it.each<[string, FsxOp]>([
    [
      'write 0x1000 0x200 0x0',
      { op: 'write', offset: 0x1000, length: 0x200, pattern: 'op-index' },
    ],
    [
      'mapwrite 0x10 0x20',
      { op: 'write', offset: 0x10, length: 0x20, pattern: 'op-index' },
    ],
    [
      'write_dontcache 0x0 0x1 0x0',
      { op: 'write', offset: 0, length: 1, pattern: 'op-index' },
    ],
    [
      'write_atomic 0x0 0x1000 0x0',
      { op: 'write', offset: 0, length: 0x1000, pattern: 'op-index' },
    ],
    ['read 0x0 0x100 0x1200', { op: 'read', offset: 0, length: 0x100 }],
    [
      'mapread 0x200 0x100 0x1200',
      { op: 'read', offset: 0x200, length: 0x100 },
    ],
    ['read_dontcache 0x1 0x2 0x3', { op: 'read', offset: 1, length: 2 }],
    ['truncate 0x0 0x3000 0x1200', { op: 'truncate', size: 0x3000 }],
    ['truncate 0x0 0x0', { op: 'truncate', size: 0 }],
    [
      'fallocate 0x0 0x2000 0x3000',
      {
        op: 'fallocate',
        mode: 'allocate',
        offset: 0,
        length: 0x2000,
        keepSize: false,
      },
    ],
    [
      'fallocate 0x4000 0x2000 0x3000 keep_size',
      {
        op: 'fallocate',
        mode: 'allocate',
        offset: 0x4000,
        length: 0x2000,
        keepSize: true,
      },
    ],
    [
      'fallocate 0x0 0x1000 0x3000 unshare',
      {
        op: 'fallocate',
        mode: 'allocate',
        offset: 0,
        length: 0x1000,
        keepSize: false,
      },
    ],
    [
      'punch_hole 0x1000 0x1000 0x3000',
      {
        op: 'fallocate',
        mode: 'punch-hole',
        offset: 0x1000,
        length: 0x1000,
        keepSize: true,
      },
    ],
    [
      'zero_range 0x100 0x200 0x3000',
      {
        op: 'fallocate',
        mode: 'zero-range',
        offset: 0x100,
        length: 0x200,
        keepSize: false,
      },
    ],
    [
      'zero_range 0x100 0x200 0x3000 keep_size',
      {
        op: 'fallocate',
        mode: 'zero-range',
        offset: 0x100,
        length: 0x200,
        keepSize: true,
      },
    ],
    [
      'collapse_range 0x1000 0x1000 0x3000',
      {
        op: 'fallocate',
        mode: 'collapse-range',
        offset: 0x1000,
        length: 0x1000,
        keepSize: false,
      },
    ],
    [
      'insert_range 0x1000 0x1000 0x3000',
      {
        op: 'fallocate',
        mode: 'insert-range',
        offset: 0x1000,
        length: 0x1000,
        keepSize: false,
      },
    ],
    [
      'clone_range 0x0 0x1000 0x4000 0x3000',
      { op: 'clone-range', srcOffset: 0, length: 0x1000, offset: 0x4000 },
    ],
    [
      'dedupe_range 0x1000 0x1000 0x2000 0x3000',
      {
        op: 'dedupe-range',
        srcOffset: 0x1000,
        length: 0x1000,
        offset: 0x2000,
      },
    ],
    [
      'copy_range 0x10 0x20 0x30',
      { op: 'copy-range', srcOffset: 0x10, length: 0x20, offset: 0x30 },
    ],
    ['fsync 0x0 0x0 0x3000', { op: 'fsync' }],
    ['fsync', { op: 'fsync' }],
    ['#! {"op":"writeback","wait":false}', { op: 'writeback', wait: false }],
    ['#! {"op":"power-cut","seed":7}', { op: 'power-cut', seed: 7 }],
    ['#!{"op":"sync"}', { op: 'sync' }],
    [
      '#! {"op":"write","offset":0,"length":10,"pattern":{"byte":9}}',
      { op: 'write', offset: 0, length: 10, pattern: { byte: 9 } },
    ],
  ])('reads %s', (line, op) => {
    expect(opOf(line)).toEqual(op);
  });

  it('ignores comments, skip lines, blank lines and close_open-only lines, and keeps line numbers', () => {
    const log = parsed(
      [
        '# fsx log', // 1
        'write 0x0 0x10 0x0', // 2: op 1
        '', // 3
        'skip read 0x0 0x0 0x10', // 4
        '   ', // 5
        'read 0x0 0x10 0x10 close_open', // 6: op 2
        'close_open', // 7
        '  # indented comment', // 8
        'punch_hole 0x0 0x8 0x10 *', // 9: op 3
        'skip clone_range 0x0 0x0 0x0 0x10 close_open', // 10
        'fsync 0x0 0x0 0x10', // 11: op 4
        '', // 12
        '', // the newline ending line 12 starts no line
      ].join('\n'),
    );
    expect(log.entries.map((e) => [e.line, e.name])).toEqual([
      [2, 'write'],
      [6, 'read'],
      [9, 'punch_hole'],
      [11, 'fsync'],
    ]);
    expect(log.ignored).toEqual({
      comments: 2,
      skipped: 2,
      blank: 3,
      closeOpenOnly: 1,
    });
    expect(log.closeOpen).toBe(2);
    expect(log.entries.map((e) => e.closeOpen)).toEqual([
      false,
      true,
      false,
      false,
    ]);
    expect(log.entries.map((e) => e.marked)).toEqual([
      false,
      false,
      true,
      false,
    ]);
    expect(log.entries[1]?.text).toBe('read 0x0 0x10 0x10 close_open');
  });

  it('reads hex and decimal alike, tabs, CRLF and flags in any order', () => {
    const hex = parsed(
      'write 0x1000 0x200 0x0\r\nzero_range 0x0 0x10 0x0 keep_size *\n',
    );
    const dec = parsed('write\t4096\t512\t0\nzero_range 0 16 0 * keep_size\n');
    expect(dec.entries.map((e) => e.op)).toEqual(hex.entries.map((e) => e.op));
    expect(opOf('read 0X1A 0xff')).toEqual({
      op: 'read',
      offset: 26,
      length: 255,
    });
    expect(parsed('read 0x0 0x1\r\n').entries[0]?.text).toBe('read 0x0 0x1');
  });

  it('names the line and what is wrong with it', () => {
    const eleven = Array.from({ length: 11 }, () => 'read 0x0 0x0 0x0');
    expect(parseError([...eleven, 'write 0x10'].join('\n'))).toBe(
      'line 12: "write 0x10" needs an offset and a length',
    );
    expect(parseError('clone_range 0x0 0x10')).toBe(
      'line 1: "clone_range 0x0 0x10" needs a source offset, a length and a destination offset',
    );
    expect(parseError('truncate 0x0')).toMatch(
      /^line 1: "truncate 0x0" needs a 0x0 and the new size/,
    );
    expect(parseError('frob 0x1 0x2')).toMatch(
      /^line 1: "frob 0x1 0x2": unknown op "frob" \(fsx ops: read, write, /,
    );
    expect(parseError('exchange_range 0x0 0x1000 0x2000 0x3000')).toMatch(
      /unknown op "exchange_range"/,
    );
    expect(parseError('write 0x1g 0x10')).toBe(
      'line 1: "write 0x1g 0x10": 0x1g is not a number (write hex with 0x, or decimal)',
    );
    expect(parseError('write 010 0x10')).toMatch(
      /010 is ambiguous \(fsx reads a leading 0 as octal\)/,
    );
    expect(parseError('write 0x1 0x2 0x3 0x4')).toBe(
      'line 1: "write 0x1 0x2 0x3 0x4" has 4 numbers; write takes at most 3 (an offset and a length, then the file size fsx logs)',
    );
    expect(parseError('write 0x1 0x2 keep_size')).toBe(
      'line 1: "write 0x1 0x2 keep_size": keep_size does not apply to write',
    );
    expect(parseError('zero_range 0x1 0x2 unshare')).toMatch(
      /unshare does not apply to zero_range/,
    );
    expect(parseError('read 0x1 0x2 sideways')).toMatch(
      /unexpected "sideways" \(after the numbers come only keep_size, close_open, unshare and \*\)/,
    );
    expect(parseError('read 0x1 keep_size 0x2')).toMatch(/needs an offset/);
    expect(parseError('skip')).toBe('line 1: "skip": skip names no op');
    expect(parseError('write 0x20000000000000 0x1')).toMatch(/is too large/);
  });

  it('reports every malformed line at once', () => {
    const message = parseError('write 0x1\nread 0x0 0x1\nfsync x\n#! nope');
    expect(message.split('\n')).toEqual([
      'line 1: "write 0x1" needs an offset and a length',
      'line 3: "fsync x": unexpected "x" (after the numbers come only keep_size, close_open, unshare and *)',
      expect.stringMatching(/^line 4: "#! nope": not a JSON op \(/),
    ]);
  });

  it('checks #! directives with the scenario validator', () => {
    expect(parseError('#! {"op":"writeback","wait":"yes"}')).toBe(
      'line 1: "#! {"op":"writeback","wait":"yes"}": wait: must be true or false, got "yes"',
    );
    expect(parseError('#! {"op":"fly"}')).toMatch(
      /"fly" is not an op \(expected one of: write, read, writeback/,
    );
    expect(parseError('#! {"op":"fsync","file":"G"}')).toMatch(
      /a #! op names no file/,
    );
    expect(parseError('#! [1]')).toMatch(/holds one JSON object/);
  });
});

describe('the byte rule', () => {
  const LOG = [
    '# written by hand', // ignored
    'write 0x0 0x3000 0x0', // op 1 → byte 2
    'skip write 0x0 0x0 0x3000', // ignored
    'write 0x1000 0x800 0x3000', // op 2 → byte 3
    '', // ignored
    'read 0x0 0x3000 0x3000', // op 3
    'close_open', // ignored
    'write 0x2800 0x1000 0x3000 close_open', // op 4 → byte 5, extends to 0x3800
    'read 0x2000 0x1800 0x3800', // op 5
  ].join('\n');

  it('makes line k ops[k - 1], counting only lines that are not ignored', () => {
    const scenario = scenarioOf(LOG);
    expect(scenario.ops.map((o) => o.op)).toEqual([
      'write',
      'write',
      'read',
      'write',
      'read',
    ]);
    expect(scenario.ops[3]).toEqual({
      op: 'write',
      file: 'F',
      offset: 0x2800,
      length: 0x1000,
      pattern: 'op-index',
    });
  });

  it('writes (k mod 255) + 1 for op k through the engine', () => {
    const sim = createSimulation({
      scenario: scenarioOf(LOG),
      variant: 'srcmap',
      trace: false,
    });
    const outcomes = sim.runAll();
    expectEvery(
      outcomes,
      (o) => o.oracle.ok && o.error === null,
      'every op succeeds and the oracle agrees',
    );
    const bytes = sim.fileBytes('F');
    expect(bytes.length).toBe(0x3800);
    const expected = new Uint8Array(0x3800).fill(2);
    expected.fill(3, 0x1000, 0x1800);
    expected.fill(5, 0x2800, 0x3800);
    expect(bytes).toEqual(expected);
  });

  it('wraps at 255: op 256 writes 2 again', () => {
    const lines = [
      ...Array.from({ length: 255 }, () => 'read 0x0 0x0 0x0'),
      'write 0x0 0x10 0x0',
    ];
    const scenario = scenarioOf(lines.join('\n'));
    expect(scenario.ops[255]?.op).toBe('write');
    const sim = createSimulation({ scenario, variant: 'srcmap', trace: false });
    sim.runAll();
    expect([...sim.fileBytes('F')]).toEqual(new Array<number>(16).fill(2));
  });
});

describe('fsxLogToScenario', () => {
  it('makes one empty file and keeps the default geometry for small logs', () => {
    const s = scenarioOf('write 0x0 0x40000 0x0\n', 'fsxfile');
    expect(s.id).toBe('fsx-replay');
    expect(s.files).toEqual([
      {
        name: 'fsxfile',
        size: 0,
        flags: [],
        extents: [],
        fill: 'pattern',
        cached: [],
      },
    ]);
    expect(s.geometry).toMatchObject({
      pageSize: 4096,
      sectorSize: 4096,
      deviceSize: 64 * MiB,
    });
  });

  it('sizes the device by the bytes the log allocates, not by how far it reaches', () => {
    // 16 MiB written, 4 KiB fallocated, a clone and a truncate that allocate nothing: 4 × (16 MiB + 4 KiB).
    const s = scenarioOf(
      'write 0x0 0x1000000 0x0\nfallocate 0x1000000 0x1000 0x1000000\n' +
        'truncate 0x0 0x40000000 0x1001000\nclone_range 0x0 0x1000 0x3ffff000 0x40000000\n' +
        'punch_hole 0x0 0x1000 0x40000000\n',
    );
    expect(s.geometry.deviceSize).toBe(65 * MiB);
    // A sparse write at 10 GiB needs its 4 KiB and metadata: the 64 MiB floor.
    expect(
      scenarioOf('write 0x280000000 0x1000 0x0\n').geometry.deviceSize,
    ).toBe(64 * MiB);
  });

  it('refuses a log that allocates more than a 64 GiB device holds (EFBIG)', () => {
    const r = fsxLogToScenario(parsed('fallocate 0x0 0x500000000 0x0'), {
      fileName: 'F',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.errno).toBe('EFBIG');
      expect(r.error.message).toBe(
        'the log allocates up to 21474836480 bytes (20 GiB) of file data; replaying it needs a device of 80 GiB, more than the 64 GiB limit',
      );
    }
  });

  it('ignores ops past the 1 TiB file-size limit, which fail with EFBIG', () => {
    const s = scenarioOf('write 0x20000000000 0x1000 0x0\n');
    expect(s.geometry.deviceSize).toBe(64 * MiB);
  });

  it('takes geometry overrides and names the log line of a bad op field', () => {
    const r = fsxLogToScenario(parsed('write 0x0 0x10\n'), {
      fileName: 'F',
      id: 'mine',
      geometry: { pageSize: '64K', sectorSize: '4K' },
    });
    expect(r.ok && r.value.geometry.pageSize).toBe(65536);
    expect(r.ok && r.value.id).toBe('mine');
    const bad = fsxLogToScenario(parsed('# x\nwrite 0x0 0x10\n'), {
      fileName: '',
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.error.message).toMatch(
        /^files\[0\]\.name: .*\nline 2: file: /,
      );
  });
});

describe('opsToFsxLog', () => {
  const OPS = engineOps([
    { op: 'write', file: 'F', offset: 0, length: '16K' },
    { op: 'writeback', file: 'F', wait: false },
    { op: 'complete-io' },
    { op: 'read', file: 'F', offset: 100, length: 200 },
    { op: 'truncate', file: 'F', size: '8K' },
    {
      op: 'fallocate',
      file: 'F',
      mode: 'allocate',
      offset: '8K',
      length: '8K',
    },
    { op: 'fallocate', file: 'F', offset: '32K', length: '4K', keepSize: true },
    { op: 'fallocate', file: 'F', mode: 'punch-hole', offset: 0, length: '4K' },
    {
      op: 'fallocate',
      file: 'F',
      mode: 'punch-hole',
      offset: 0,
      length: '4K',
      keepSize: false,
    },
    { op: 'fallocate', file: 'F', mode: 'zero-range', offset: 10, length: 20 },
    {
      op: 'fallocate',
      file: 'F',
      mode: 'zero-range',
      offset: 10,
      length: 20,
      keepSize: true,
    },
    {
      op: 'fallocate',
      file: 'F',
      mode: 'collapse-range',
      offset: 0,
      length: '4K',
    },
    {
      op: 'fallocate',
      file: 'F',
      mode: 'insert-range',
      offset: 0,
      length: '4K',
      keepSize: true,
    },
    { op: 'clone-range', file: 'F', srcOffset: 0, length: '4K', offset: '20K' },
    { op: 'dedupe-range', file: 'F', srcOffset: 0, length: '4K', offset: '4K' },
    { op: 'copy-range', file: 'F', srcOffset: 1, length: 2, offset: 3 },
    { op: 'fsync', file: 'F' },
    { op: 'sync' },
    { op: 'commit' },
    { op: 'power-cut', seed: 3 },
    { op: 'power-cut' },
    { op: 'remount' },
    { op: 'write', file: 'F', offset: 5, length: 6, pattern: { byte: 7 } },
    { op: 'write', file: 'F', offset: 0, length: 8192, shortCopyAt: 100 },
    { op: 'read', file: 'F', offset: -1, length: 10 },
    { op: 'write', file: 'F', offset: 0, length: 0.5 },
  ]);

  it('writes fsx lines where fsx has the op and #! directives elsewhere, one line per op', () => {
    const text = opsToFsxLog(OPS);
    const body = text.split('\n').filter((l) => l !== '' && !/^#( |$)/.test(l));
    expect(body).toEqual([
      'write 0x0 0x4000 0x0',
      '#! {"op":"writeback","wait":false}',
      '#! {"op":"complete-io"}',
      'read 0x64 0xc8 0x4000',
      'truncate 0x0 0x2000 0x4000',
      'fallocate 0x2000 0x2000 0x2000',
      'fallocate 0x8000 0x1000 0x4000 keep_size',
      'punch_hole 0x0 0x1000 0x4000',
      '#! {"op":"fallocate","mode":"punch-hole","offset":0,"length":4096,"keepSize":false}',
      'zero_range 0xa 0x14 0x4000',
      'zero_range 0xa 0x14 0x4000 keep_size',
      'collapse_range 0x0 0x1000 0x4000',
      '#! {"op":"fallocate","mode":"insert-range","offset":0,"length":4096,"keepSize":true}',
      'clone_range 0x0 0x1000 0x5000 0x4000',
      'dedupe_range 0x0 0x1000 0x1000 0x6000',
      'copy_range 0x1 0x2 0x3 0x6000',
      'fsync 0x0 0x0 0x6000',
      '#! {"op":"sync"}',
      '#! {"op":"commit"}',
      '#! {"op":"power-cut","seed":3}',
      '#! {"op":"power-cut"}',
      '#! {"op":"remount"}',
      '#! {"op":"write","offset":5,"length":6,"pattern":{"byte":7}}',
      '#! {"op":"write","offset":0,"length":8192,"pattern":"op-index","shortCopyAt":100}',
      '#! {"op":"read","offset":-1,"length":10}',
      '#! {"op":"write","offset":0,"length":0.5,"pattern":"op-index"}',
    ]);
    expect(text).toMatch(
      /^# iomap-explorer ops in the fsx --record-ops format: 26 ops on file "F"\./,
    );
    expect(text.endsWith('\n')).toBe(true);
  });

  it('round-trips: the log replays as the same ops in the same places', () => {
    const back = scenarioOf(opsToFsxLog(OPS));
    expect(back.ops).toEqual(OPS);
    const renamed = fsxLogToScenario(parsed(opsToFsxLog(OPS)), {
      fileName: 'G',
    });
    expect(renamed.ok && renamed.value.ops[0]).toMatchObject({ file: 'G' });
  });

  it('round-trips an fsx log through engine ops', () => {
    const fsx = [
      'write 0x3e8 0x7d0 0x0',
      'mapread 0x0 0x100 0xbb8',
      'truncate 0x0 0x5000 0xbb8',
      'punch_hole 0x1000 0x1000 0x5000',
      'zero_range 0x0 0x10 0x5000 keep_size',
      'copy_range 0x0 0x1000 0x6000 0x5000',
    ].join('\n');
    const ops = scenarioOf(fsx).ops;
    expect(scenarioOf(opsToFsxLog(ops)).ops).toEqual(ops);
    expect(opsToFsxLog(ops)).toContain('copy_range 0x0 0x1000 0x6000 0x5000\n');
  });

  it('refuses ops on two files (an fsx log is about one)', () => {
    const two: Op[] = [
      { op: 'fsync', file: 'F' },
      { op: 'sync' },
      { op: 'fsync', file: 'G' },
    ];
    expect(() => opsToFsxLog(two)).toThrow(
      /one file, but the ops name F and G/,
    );
  });

  it('writes an empty log for no ops', () => {
    expect(parsed(opsToFsxLog([])).entries).toEqual([]);
  });
});
