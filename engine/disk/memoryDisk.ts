// A device held in memory, for tests and in-process simulations. Writes are durable at once; wrap it in a
// WriteCache to model a volatile disk cache.

import { checkRange, type BlockDevice } from './blockDevice.ts';

/** Chunk size of a medium: untouched chunks take no memory and read as zeros. */
const CHUNK = 64 * 1024;

/** The bytes a MemoryDisk lives on, allocated in chunks as they are first written; keep it to "reopen". */
export interface MemoryMedium {
  readonly size: number;
  readonly chunks: Map<number, Uint8Array>;
}

export function createMemoryMedium(sizeBytes: number): MemoryMedium {
  return { size: sizeBytes, chunks: new Map() };
}

export class MemoryDisk implements BlockDevice {
  private closed = false;

  constructor(private readonly medium: MemoryMedium) {}

  static create(sizeBytes: number): MemoryDisk {
    return new MemoryDisk(createMemoryMedium(sizeBytes));
  }

  read(offset: number, buf: Uint8Array): void {
    this.checkOpen();
    checkRange('read', offset, buf.length, this.size());
    for (let done = 0; done < buf.length;) {
      const at = offset + done;
      const inChunk = at % CHUNK;
      const n = Math.min(CHUNK - inChunk, buf.length - done);
      const chunk = this.medium.chunks.get(at - inChunk);
      if (chunk === undefined) buf.fill(0, done, done + n);
      else buf.set(chunk.subarray(inChunk, inChunk + n), done);
      done += n;
    }
  }

  write(offset: number, data: Uint8Array): void {
    this.checkOpen();
    checkRange('write', offset, data.length, this.size());
    for (let done = 0; done < data.length;) {
      const at = offset + done;
      const inChunk = at % CHUNK;
      const n = Math.min(CHUNK - inChunk, data.length - done);
      let chunk = this.medium.chunks.get(at - inChunk);
      if (chunk === undefined) {
        chunk = new Uint8Array(CHUNK);
        this.medium.chunks.set(at - inChunk, chunk);
      }
      chunk.set(data.subarray(done, done + n), inChunk);
      done += n;
    }
  }

  flush(): void {
    this.checkOpen();
  }

  size(): number {
    return this.medium.size;
  }

  close(): void {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('MemoryDisk used after close()');
  }
}
