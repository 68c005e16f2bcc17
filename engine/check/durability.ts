// The durability oracle: which bytes of each file the filesystem has promised to keep across a power cut.
// fsync (one file) and sync (every file) promise the file's whole content at that moment; a later change
// to a byte (write, truncate, punch, clone onto it, ...) withdraws the promise for that byte, since the
// crash may land before or after the change. After a power cut and remount, every byte still promised must
// read back exactly; anything else is a lost fsync'ed byte.

export interface DurabilityVerdict {
  /** Promised bytes that did not survive. */
  readonly lostBytes: number;
  readonly mismatches: readonly string[];
}

interface Promised {
  bytes: Uint8Array;
  /** 1 where the byte is still promised. */
  valid: Uint8Array;
}

export class DurabilityModel {
  private readonly files = new Map<string, Promised>();

  /** fsync/sync returned: every byte of `content` is durable now. */
  persist(name: string, content: Uint8Array): void {
    this.files.set(name, {
      bytes: content.slice(),
      valid: new Uint8Array(content.length).fill(1),
    });
  }

  /** Bytes [start, end) changed since: the crash may show either version. */
  changed(name: string, start: number, end: number): void {
    const p = this.files.get(name);
    if (p === undefined) return;
    p.valid.fill(0, Math.max(0, start), Math.min(end, p.valid.length));
  }

  /** The size changed to `size`: promised bytes past it may be gone after a crash. */
  resized(name: string, size: number): void {
    this.changed(name, size, Number.MAX_SAFE_INTEGER);
  }

  /** Compares what a file reads after the remount with what was promised. */
  verify(name: string, actual: Uint8Array): DurabilityVerdict {
    const p = this.files.get(name);
    if (p === undefined) return { lostBytes: 0, mismatches: [] };
    let lostBytes = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < p.bytes.length; i++) {
      if (p.valid[i] !== 1 || actual[i] === p.bytes[i]) continue;
      let j = i;
      while (j < p.bytes.length && p.valid[j] === 1 && actual[j] !== p.bytes[j])
        j++;
      lostBytes += j - i;
      if (mismatches.length < 5)
        mismatches.push(
          i >= actual.length
            ? `${name}: fsync'ed bytes [${String(i)}, ${String(j)}) are gone: the file is only ${String(actual.length)} bytes after the remount`
            : `${name}: fsync'ed bytes [${String(i)}, ${String(j)}) changed across the power cut`,
        );
      i = j;
    }
    return { lostBytes, mismatches };
  }
}
