// `iomap-explorer replay-fsx`: replays checked against an independent byte model (sha256 of the final
// file), the JSON and text summaries, and the errors: missing, unreadable and malformed logs, usage.

import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFsxLog } from '../../scenario/fsxParse.ts';
import { runCli as run } from '../../testing/runCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'iomapx-fsx-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const MIXED = fileURLToPath(new URL('fixtures/mixed.fsxops', import.meta.url));

interface ReplayJson {
  file: string;
  schemaVersion: number;
  design: string;
  ok: boolean;
  ops: Record<string, number>;
  opsRun: number;
  closeOpen: number;
  ignored: {
    comments: number;
    skipped: number;
    blank: number;
    closeOpenOnly: number;
  };
  errors: Record<string, number>;
  size: number;
  sha256: string;
  mismatch?: { op: number; line: number; text: string; mismatches: string[] };
}

let logs = 0;
function logFile(lines: readonly string[], name?: string): string {
  const path = join(dir, name ?? `log${String(++logs)}.fsxops`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function replay(path: string, ...args: string[]): Promise<ReplayJson> {
  const r = await run('replay-fsx', path, '--json', ...args);
  expect(r.err).toBe('');
  const json = JSON.parse(r.out) as ReplayJson;
  expect(r.code).toBe(json.ok ? 0 : 1);
  return json;
}

/** What fsx's good_buf would hold, with this project's byte rule: an independent model of the log. */
function expectedBytes(text: string): Uint8Array {
  const log = parseFsxLog(text);
  if (!log.ok) throw new Error(log.error.message);
  let buf = new Uint8Array(0);
  const resize = (n: number): void => {
    const next = new Uint8Array(n);
    next.set(buf.subarray(0, Math.min(n, buf.length)));
    buf = next;
  };
  for (const [i, { op }] of log.value.entries.entries()) {
    switch (op.op) {
      case 'write':
        if (op.offset + op.length > buf.length) resize(op.offset + op.length);
        buf.fill(((i + 1) % 255) + 1, op.offset, op.offset + op.length);
        break;
      case 'truncate':
        resize(op.size);
        break;
      case 'fallocate': {
        const end = op.offset + op.length;
        if (op.mode === 'collapse-range' || op.mode === 'insert-range') break; // EOPNOTSUPP on btrfs
        if (!op.keepSize && end > buf.length) resize(end);
        if (op.mode !== 'allocate')
          buf.fill(0, op.offset, Math.min(end, buf.length));
        break;
      }
      case 'clone-range':
      case 'copy-range': {
        const src = buf.slice(op.srcOffset, op.srcOffset + op.length);
        if (op.offset + op.length > buf.length) resize(op.offset + op.length);
        buf.set(src, op.offset);
        break;
      }
      case 'read':
      case 'dedupe-range': // same bytes on both sides, or it fails
      case 'writeback':
      case 'complete-io':
      case 'fsync':
      case 'sync':
      case 'commit':
      case 'power-cut': // not modelled: the power-cut test checks its bytes itself
      case 'remount':
      case 'drop-caches':
        break;
    }
  }
  return buf;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const WRITES_AND_READS = [
  '# fsx-style log: writes and reads only',
  'write 0x0 0x3000 0x0',
  'read 0x100 0x200 0x3000',
  'skip read 0x0 0x0 0x3000',
  '',
  'write 0x1800 0x2800 0x3000 close_open',
  'mapwrite 0x5123 0x10 0x4000 *',
  'read 0x0 0x5133 0x5133',
  'mapread 0x5000 0x133 0x5133',
];

describe('iomap-explorer replay-fsx', () => {
  it('replays writes and reads and prints the JSON summary', async () => {
    const path = logFile(WRITES_AND_READS);
    const json = await replay(path);
    const expected = expectedBytes(WRITES_AND_READS.join('\n'));
    expect(json).toEqual({
      schemaVersion: 1,
      file: path,
      design: 'srcmap',
      ok: true,
      ops: { write: 2, read: 2, mapwrite: 1, mapread: 1 },
      opsRun: 6,
      closeOpen: 1,
      ignored: { comments: 1, skipped: 1, blank: 1, closeOpenOnly: 0 },
      errors: {},
      size: 0x5133,
      sha256: sha256(expected),
    });
    expect(expected[0x5123]).toBe(5); // op 4 (mapwrite) writes (4 mod 255) + 1
  });

  it('prints a text summary with the verdict', async () => {
    const path = logFile(WRITES_AND_READS, 'wr.fsxops');
    const r = await run('replay-fsx', path, '--design', 'legacy');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^fsx log .*wr\.fsxops: 6 ops on file "wr", design legacy\n {2}ops: write 2, read 2, mapwrite 1, mapread 1\n/,
    );
    expect(r.out).toMatch(
      / {2}ignored: 1 comment line, 1 skip line, 1 blank line, 0 close_open-only lines\n/,
    );
    expect(r.out).toMatch(/ {2}close_open: 1 \(nothing to replay/);
    expect(r.out).toMatch(/ {2}ops that returned an errno: none\n/);
    expect(r.out).toMatch(/final file: 20787 bytes, sha256 [0-9a-f]{64}\n/);
    expect(r.out).toMatch(
      /verdict: ok: the data oracle agreed after every one of the 6 ops$/,
    );
  });

  it('replays #! engine ops (writeback, complete-io) and counts them as ops', async () => {
    const lines = [
      'write 0x0 0x2000 0x0',
      '#! {"op":"writeback","wait":false}',
      'write 0x1000 0x100 0x2000',
      '#! {"op":"complete-io"}',
      'read 0x0 0x2000 0x2000',
    ];
    const json = await replay(logFile(lines));
    expect(json.ok).toBe(true);
    expect(json.ops).toEqual({
      write: 2,
      writeback: 1,
      'complete-io': 1,
      read: 1,
    });
    expect(json.sha256).toBe(sha256(expectedBytes(lines.join('\n'))));
  });

  it('replays truncate down and up', async () => {
    const lines = [
      'write 0x0 0x5000 0x0',
      'truncate 0x0 0x1800 0x5000',
      'truncate 0x0 0x4000 0x1800',
      'read 0x0 0x4000 0x4000',
      'write 0x3ff0 0x20 0x4000',
      'truncate 0x0 0x3ff8 0x4010',
    ];
    const json = await replay(logFile(lines));
    expect(json.ok).toBe(true);
    expect(json.size).toBe(0x3ff8);
    expect(json.sha256).toBe(sha256(expectedBytes(lines.join('\n'))));
  });

  it('replays punch_hole and zero_range, with and without keep_size', async () => {
    const lines = [
      'write 0x0 0x8000 0x0',
      'punch_hole 0x1000 0x2000 0x8000',
      'punch_hole 0x4100 0x100 0x8000',
      'zero_range 0x5800 0x1000 0x8000 keep_size',
      'zero_range 0x7800 0x1000 0x8000',
      'read 0x0 0x8800 0x8800',
    ];
    const json = await replay(logFile(lines));
    expect(json.ok).toBe(true);
    expect(json.size).toBe(0x8800);
    expect(json.sha256).toBe(sha256(expectedBytes(lines.join('\n'))));
  });

  it('answers collapse_range and insert_range with EOPNOTSUPP, as btrfs does', async () => {
    const lines = [
      'write 0x0 0x4000 0x0',
      'collapse_range 0x1000 0x1000 0x4000',
      'insert_range 0x1000 0x1000 0x4000',
      'fallocate 0x4000 0x2000 0x4000 keep_size',
      'fallocate 0x4000 0x1000 0x4000 unshare',
    ];
    const json = await replay(logFile(lines));
    expect(json.ok).toBe(true);
    expect(json.errors).toEqual({ EOPNOTSUPP: 2 });
    expect(json.size).toBe(0x5000);
    expect(json.sha256).toBe(sha256(expectedBytes(lines.join('\n'))));
  });

  it('replays clone_range, copy_range and dedupe_range', async () => {
    const lines = [
      'write 0x0 0x4000 0x0',
      'write 0x2000 0x2000 0x4000',
      'clone_range 0x0 0x2000 0x6000 0x4000',
      'write 0x0 0x10 0x8000',
      'read 0x6000 0x2000 0x8000',
      'copy_range 0x123 0x456 0x9000 0x8000',
      'dedupe_range 0x6000 0x1000 0x7000 0x9456',
      'read 0x0 0x9456 0x9456',
    ];
    const json = await replay(logFile(lines));
    expect(json.ok).toBe(true);
    expect(json.errors).toEqual({});
    expect(json.size).toBe(0x9456);
    expect(json.sha256).toBe(sha256(expectedBytes(lines.join('\n'))));
  });

  it('replays the committed mixed log under every design but v1-posted', async () => {
    const expected = sha256(expectedBytes(readFileSync(MIXED, 'utf8')));
    for (const variant of ['legacy', 'srcmap', 'nested-apply', 'srcaddr']) {
      const json = await replay(MIXED, '--design', variant);
      expect(json).toMatchObject({
        schemaVersion: 1,
        design: variant,
        ok: true,
        ops: {
          write: 1,
          read: 2,
          mapwrite: 1,
          punch_hole: 1,
          zero_range: 2,
          clone_range: 1,
          mapread: 1,
          truncate: 1,
          fsync: 1,
        },
        opsRun: 11,
        closeOpen: 1,
        ignored: { comments: 2, skipped: 1, blank: 0, closeOpenOnly: 0 },
        size: 0x7000,
        sha256: expected,
      });
    }
  });

  it('stops at the first disagreement: v1-posted zeroes around an unaligned overwrite (exit 1)', async () => {
    const lines = [
      'write 0x0 0x4000 0x0',
      '#! {"op":"sync"}',
      '#! {"op":"remount"}',
      'write 0x64 0xc8 0x4000',
      'read 0x0 0x4000 0x4000',
    ];
    const path = logFile(lines, 'unaligned.fsxops');
    const json = await replay(path, '--design', 'v1-posted');
    expect(json).toMatchObject({
      design: 'v1-posted',
      ok: false,
      ops: { write: 2, sync: 1, remount: 1, read: 1 },
      opsRun: 4,
      size: 0x4000,
      mismatch: {
        op: 4,
        line: 4,
        text: 'write 0x64 0xc8 0x4000',
        mismatches: [
          'unaligned: bytes [0, 100) differ: expected 0x2, the file reads 0x0',
          'unaligned: bytes [300, 4096) differ: expected 0x2, the file reads 0x0',
        ],
      },
    });
    const text = await run('replay-fsx', path, '--design', 'v1-posted');
    expect(text.code).toBe(1);
    expect(text.out).toMatch(
      /verdict: DISAGREEMENT at op 4 of 5 \(line 4: write 0x64 0xc8 0x4000\)\n {2}unaligned: bytes \[0, 100\) differ/,
    );
    expect(text.out).toMatch(
      /The replay stopped there: the size and sha256 above are the file after 4 ops\.$/,
    );
    const fixed = await replay(path);
    expect(fixed.ok).toBe(true);
    expect(fixed.sha256).toBe(sha256(expectedBytes(lines.join('\n'))));
  });

  it("keeps fsync'ed data across a #! power cut and loses the rest", async () => {
    const json = await replay(
      logFile([
        'write 0x0 0x3000 0x0',
        'fsync 0x0 0x0 0x3000',
        'write 0x1000 0x4000 0x3000',
        '#! {"op":"power-cut"}',
        'read 0x0 0x3000 0x3000',
      ]),
    );
    expect(json.ok).toBe(true);
    expect(json.size).toBe(0x3000);
    expect(json.sha256).toBe(sha256(new Uint8Array(0x3000).fill(2)));
  });

  it('explains a missing file, a directory and a malformed log (exit 1)', async () => {
    const missing = await run('replay-fsx', join(dir, 'nope.fsxops'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(
      /^iomap-explorer: cannot read fsx op log .*nope\.fsxops: no such file$/,
    );

    const sub = join(dir, 'adir');
    mkdirSync(sub);
    const isDir = await run('replay-fsx', sub);
    expect(isDir.code).toBe(1);
    expect(isDir.err).toMatch(/cannot read fsx op log .*adir: is a directory/);

    const bad = logFile(['write 0x0 0x10 0x0', 'write 0x10', 'frob 1 2']);
    const malformed = await run('replay-fsx', bad, '--json');
    expect(malformed.code).toBe(1);
    expect(malformed.out).toBe('');
    expect(malformed.err).toBe(
      `iomap-explorer: ${bad} is not a valid fsx op log:\nline 2: "write 0x10" needs an offset and a length\n` +
        `line 3: "frob 1 2": unknown op "frob" (fsx ops: read, write, mapread, mapwrite, read_dontcache, write_dontcache, write_atomic, truncate, fallocate, punch_hole, zero_range, collapse_range, insert_range, clone_range, dedupe_range, copy_range, fsync)`,
    );
  });

  it('refuses a log that allocates more than a 64 GiB device holds (exit 1)', async () => {
    const r = await run('replay-fsx', logFile(['fallocate 0x0 0x500000000']));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^iomap-explorer: cannot replay .*:\nthe log allocates up to 21474836480 bytes \(20 GiB\)/,
    );
  });

  it('replays a sparse write at 10 GiB on a 64 MiB device (a real fsx run needs the written bytes)', async () => {
    const r = await run(
      'replay-fsx',
      logFile(['write 0x280000000 0x1000', 'fsync']),
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, size: 0x280001000 });
  });

  it('refuses a log with no op, and an empty file (issue 18, finding 6)', async () => {
    const comments = await run('replay-fsx', logFile(['# nothing happened']));
    expect(comments.code).toBe(1);
    expect(comments.err).toMatch(
      /cannot replay .*:\nthe log holds no op to replay \(1 line, every one a comment/,
    );
    const blank = logFile([]);
    writeFileSync(blank, '');
    const empty = await run('replay-fsx', blank);
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/the log holds no op to replay \(0 lines/);
  });

  it('reads LF, CRLF and CR-only line endings alike (issue 18, finding 6)', async () => {
    const lines = [
      'write 0x0 0x1000 0x0',
      'truncate 0x0 0x800 0x1000',
      'fsync',
    ];
    const jsons = await Promise.all(
      ['\n', '\r\n', '\r'].map(async (eol) => {
        const path = logFile([]);
        writeFileSync(path, lines.join(eol) + eol);
        return replay(path);
      }),
    );
    for (const json of jsons)
      expect(json).toMatchObject({ ok: true, opsRun: 3, size: 0x800 });
    expect(new Set(jsons.map((j) => j.sha256)).size).toBe(1);
  });

  it('treats a missing file argument, extra arguments and an unknown design as usage errors (exit 2)', async () => {
    const none = await run('replay-fsx');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/replay-fsx needs an fsx op log file/);
    const extra = await run('replay-fsx', 'a', 'b');
    expect(extra.code).toBe(2);
    expect(extra.err).toMatch(/got extra arguments: b/);
    const design = await run('replay-fsx', MIXED, '--design', 'v9');
    expect(design.code).toBe(2);
    expect(design.err).toMatch(/--design 'v9' is not a design/);
    const flag = await run('replay-fsx', MIXED, '--frobnicate');
    expect(flag.code).toBe(2);
  });

  it('has help, and is listed in the main help', async () => {
    const help = await run('replay-fsx', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage:\n {2}iomap-explorer replay-fsx <file>/);
    expect((await run('--help')).out).toMatch(/replay-fsx <file>/);
  });
});
