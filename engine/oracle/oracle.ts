// The data oracle: a sparse byte model of what every file must contain (memory follows what was written,
// never the file size), and the words for where a file and its model differ. After every operation the
// filesystem's view (fileView.ts) and the model must agree.

import { InvariantError } from '../core/assert.ts';
import type { Scenario } from '../scenario/types.ts';
import { InitialContent } from '../scenario/initialContent.ts';
import { differences } from './sparseDiff.ts';
import { sameBytes } from '../core/bytes.ts';
import { SparseFile } from './sparseFile.ts';

export interface OracleVerdict {
  readonly ok: boolean;
  readonly mismatches: readonly string[];
}

/** Initial content is read at most this many bytes at a time. */
const FILL_CHUNK = 1024 * 1024;

export class DataOracle {
  private readonly files = new Map<string, SparseFile>();

  constructor(scenario: Scenario) {
    const content = new InitialContent(scenario);
    for (const file of scenario.files) {
      const model = new SparseFile();
      const buf = new Uint8Array(FILL_CHUNK);
      // Reading only the regular extents, and only below the size, saves time; the model is the same
      // without either bound, since readFile reads holes, prealloc and bytes past EOF as zeros, and zeros
      // take no memory in a SparseFile (the size is set after). Equivalent mutants (docs/testing.md) too:
      // the type test always false, `at <= end`.
      for (const ext of file.extents) {
        if (ext.type !== 'regular') continue;
        // Stryker disable next-line MethodExpression: speed only, as said above
        const end = Math.min(ext.offset + ext.length, file.size);
        for (let at = ext.offset; at < end; at += FILL_CHUNK) {
          // Stryker disable next-line MethodExpression,ArithmeticOperator: a longer piece reads more of the same file: the same bytes, and zeros past EOF
          const piece = buf.subarray(0, Math.min(FILL_CHUNK, end - at));
          content.readFile(file, at, piece);
          model.write(at, piece);
        }
      }
      model.size = file.size;
      this.files.set(file.name, model);
    }
  }

  /** A write of `data` at `pos` succeeded. */
  write(name: string, pos: number, data: Uint8Array): void {
    this.file(name).write(pos, data);
  }

  /** The file became `size` bytes long: a shrink forgets the tail, a grow adds zeros. */
  resize(name: string, size: number): void {
    this.file(name).resize(size);
  }

  /** Bytes [start, end) read as zeros now (within the file; `end` past EOF is clipped). */
  zero(name: string, start: number, end: number): void {
    this.file(name).zero(start, end);
  }

  /** `len` bytes at `src` now also appear at `dst` (clone, copy); the file grows to cover them. */
  copy(name: string, src: number, len: number, dst: number): void {
    this.file(name).copyWithin(src, len, dst);
  }

  /** After a power cut the model takes what survived (checked separately against what was durable). */
  replace(name: string, content: SparseFile): void {
    this.files.set(name, content);
  }

  /** The model of the file (shared: callers that keep it take a snapshot). */
  expected(name: string): SparseFile {
    return this.file(name);
  }

  private file(name: string): SparseFile {
    const f = this.files.get(name);
    if (f === undefined)
      throw new InvariantError(`oracle: unknown file ${name}`);
    return f;
  }
}

/** A range's first differing byte in the words every mismatch uses. */
function differing(
  name: string,
  i: number,
  j: number,
  want: number,
  got: number,
): string {
  return `${name}: bytes [${String(i)}, ${String(j)}) differ: expected 0x${want.toString(16)}, the file reads 0x${got.toString(16)}`;
}

/** Compares the model with what the filesystem returns; describes up to five differing ranges. */
export function compareFile(
  name: string,
  expected: Uint8Array,
  actual: Uint8Array,
): OracleVerdict {
  if (sameBytes(expected, actual)) return { ok: true, mismatches: [] };
  const mismatches: string[] = [];
  if (expected.length !== actual.length)
    mismatches.push(
      `${name}: size is ${String(actual.length)}, expected ${String(expected.length)}`,
    );
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n && mismatches.length < 5; i++) {
    if (expected[i] === actual[i]) continue;
    let j = i;
    while (j < n && expected[j] !== actual[j]) j++;
    mismatches.push(differing(name, i, j, expected[i] ?? 0, actual[i] ?? 0));
    i = j;
  }
  // Different bytes: either the sizes differ or a byte below the shorter size does, so there is a line.
  return { ok: false, mismatches };
}

/** compareFile for sparse files: the same words, found chunk by chunk. */
export function compareSparse(
  name: string,
  expected: SparseFile,
  actual: SparseFile,
): OracleVerdict {
  const mismatches: string[] = [];
  if (expected.size !== actual.size)
    mismatches.push(
      `${name}: size is ${String(actual.size)}, expected ${String(expected.size)}`,
    );
  const n = Math.min(expected.size, actual.size);
  // Stryker disable next-line StringLiteral: below both sizes 'ignore' and 'differs' compare alike
  for (const [i, j] of differences(expected, actual, n, 'ignore')) {
    if (mismatches.length >= 5) break;
    mismatches.push(
      differing(name, i, j, expected.byteAt(i), actual.byteAt(i)),
    );
  }
  return { ok: mismatches.length === 0, mismatches };
}
