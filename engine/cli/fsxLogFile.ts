// The exerciser's --fsx-log file: ops written as they run, through the engine's FsxLogWriter, so the file
// equals opsToFsxLog of the ops run. Rule: write errors are kept and reported at close, never thrown into
// the run; the lines a run of millions holds in memory are at most one chunk.

import {
  closeSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { fsxHeader, FsxLogWriter } from '../scenario/fsxWrite.ts';
import type { Op } from '../scenario/types.ts';
import { describeFileError } from './fileError.ts';

/** Lines written per chunk. */
const CHUNK = 256;

/**
 * The header, which counts the ops, is written for the planned count and the file name the exerciser uses,
 * and rewritten at close when the run stopped early.
 */
export class FsxLogFile {
  private readonly writer = new FsxLogWriter();
  private pending: string[] = [];
  private failure: string | null = null;

  private constructor(
    private readonly path: string,
    private readonly fd: number,
    private readonly header: string,
  ) {}

  /** The file, or why it cannot be written. */
  static open(path: string, planned: number): FsxLogFile | string {
    const header = fsxHeader(planned, 'F');
    try {
      const fd = openSync(path, 'w');
      writeSync(fd, header);
      return new FsxLogFile(path, fd, header);
    } catch (error) {
      return describeFileError(error, 'write');
    }
  }

  add(op: Op): void {
    if (this.failure !== null) return;
    this.pending.push(this.writer.line(op));
    if (this.pending.length >= CHUNK) this.flush();
  }

  /** Writes what is left and closes the file; null, or why the log is incomplete. */
  close(): string | null {
    this.flush();
    try {
      closeSync(this.fd);
    } catch (error) {
      this.failure ??= describeFileError(error, 'write');
    }
    const header = this.writer.header();
    if (this.failure === null && header !== this.header)
      this.rewriteHeader(header);
    return this.failure;
  }

  private flush(): void {
    if (this.pending.length === 0 || this.failure !== null) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    try {
      writeSync(this.fd, text);
    } catch (error) {
      this.failure = describeFileError(error, 'write');
    }
  }

  /** Replaces the header: a new file with the right one, then the old file's ops, renamed over it. */
  private rewriteHeader(header: string): void {
    const tmp = `${this.path}.tmp-${String(process.pid)}`;
    let from: number | null = null;
    let to: number | null = null;
    try {
      from = openSync(this.path, 'r');
      to = openSync(tmp, 'w');
      writeSync(to, header);
      const buf = Buffer.alloc(1 << 20);
      let at = Buffer.byteLength(this.header);
      for (let n = readSync(from, buf, 0, buf.length, at); n > 0;) {
        writeSync(to, buf, 0, n);
        at += n;
        n = readSync(from, buf, 0, buf.length, at);
      }
      closeSync(to);
      to = null;
      renameSync(tmp, this.path);
    } catch (error) {
      this.failure = describeFileError(error, 'write');
      if (to !== null) closeSync(to);
      try {
        unlinkSync(tmp);
      } catch {
        // nothing to remove
      }
    } finally {
      if (from !== null) closeSync(from);
    }
  }
}
