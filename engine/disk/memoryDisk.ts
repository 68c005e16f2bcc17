// A device held in memory, for tests and in-process simulations. Writes are durable at once; wrap it in a
// WriteCache to model a volatile disk cache.

import { checkRange, type BlockDevice } from './blockDevice.ts';

/** The bytes a MemoryDisk lives on; keep it to "reopen" the same disk after close(). */
export interface MemoryMedium {
  readonly bytes: Uint8Array;
}

export function createMemoryMedium(sizeBytes: number): MemoryMedium {
  return { bytes: new Uint8Array(sizeBytes) };
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
    buf.set(this.medium.bytes.subarray(offset, offset + buf.length));
  }

  write(offset: number, data: Uint8Array): void {
    this.checkOpen();
    checkRange('write', offset, data.length, this.size());
    this.medium.bytes.set(data, offset);
  }

  flush(): void {
    this.checkOpen();
  }

  size(): number {
    return this.medium.bytes.length;
  }

  close(): void {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('MemoryDisk used after close()');
  }
}
