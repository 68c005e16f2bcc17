// A device backed by one OPFS file through a FileSystemSyncAccessHandle, for the browser worker.
// Worker-only (WebWorker lib). Browser failures become DiskErrors with sentences a user can act on.
// OPFS write calls carry a large fixed cost: put a WriteCache in front so writes go out in large runs.

import { checkRange, DiskError, type BlockDevice } from './blockDevice.ts';

export interface OpfsOpenOptions {
  /** The size a new (empty) file is given; an existing file keeps its size. */
  readonly sizeIfNew: number;
}

export interface OpfsOpenResult {
  readonly disk: OpfsDisk;
  /** True when the file did not exist or was empty and has just been sized. */
  readonly created: boolean;
}

export class OpfsDisk implements BlockDevice {
  private closed = false;

  private constructor(
    private readonly handle: FileSystemSyncAccessHandle,
    private readonly bytes: number,
    readonly name: string,
  ) {}

  /** Opens (or creates) `name` in the origin's private file system. */
  static async open(
    name: string,
    options: OpfsOpenOptions,
  ): Promise<OpfsOpenResult> {
    const root = await opfsRoot();
    let handle: FileSystemSyncAccessHandle;
    try {
      const file = await root.getFileHandle(name, { create: true });
      if (typeof file.createSyncAccessHandle !== 'function')
        throw notSupported();
      handle = await file.createSyncAccessHandle();
    } catch (error) {
      throw fromDomException(error);
    }
    try {
      let size = handle.getSize();
      const created = size === 0;
      if (created) {
        handle.truncate(options.sizeIfNew);
        handle.flush();
        size = options.sizeIfNew;
      }
      return { disk: new OpfsDisk(handle, size, name), created };
    } catch (error) {
      handle.close();
      throw fromDomException(error);
    }
  }

  /** Deletes `name` from the origin's private file system (the file must not be open). */
  static async remove(name: string): Promise<void> {
    const root = await opfsRoot();
    try {
      await root.removeEntry(name);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'NotFoundError')
        return;
      throw fromDomException(error);
    }
  }

  read(offset: number, buf: Uint8Array): void {
    this.checkOpen();
    checkRange('read', offset, buf.length, this.bytes);
    const n = this.guard(() => this.handle.read(buf, { at: offset }));
    buf.fill(0, n);
  }

  write(offset: number, data: Uint8Array): void {
    this.checkOpen();
    checkRange('write', offset, data.length, this.bytes);
    let done = 0;
    while (done < data.length) {
      const n = this.guard(() =>
        this.handle.write(data.subarray(done), { at: offset + done }),
      );
      if (n === 0)
        throw new DiskError(
          'EIO',
          `OPFS write at ${String(offset + done)} made no progress`,
        );
      done += n;
    }
  }

  flush(): void {
    this.checkOpen();
    this.guard(() => {
      this.handle.flush();
    });
  }

  size(): number {
    return this.bytes;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handle.close();
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw fromDomException(error);
    }
  }

  private checkOpen(): void {
    if (this.closed)
      throw new Error(`OpfsDisk ${this.name} used after close()`);
  }
}

async function opfsRoot(): Promise<FileSystemDirectoryHandle> {
  if (
    typeof navigator === 'undefined' ||
    typeof navigator.storage.getDirectory !== 'function'
  ) {
    throw notSupported();
  }
  try {
    return await navigator.storage.getDirectory();
  } catch (error) {
    throw fromDomException(error);
  }
}

function notSupported(): DiskError {
  return new DiskError(
    'ENOTSUP',
    'this browser does not offer the Origin Private File System with synchronous access handles (use a current Chromium, Firefox or Safari, not a private window)',
  );
}

/** Maps browser storage exceptions to errnos (zen-fs does the same at its edge). */
function fromDomException(error: unknown): DiskError {
  if (error instanceof DiskError) return error;
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NoModificationAllowedError':
    case 'InvalidStateError':
      return new DiskError('EBUSY', 'this disk image is open in another tab');
    case 'QuotaExceededError':
      return new DiskError(
        'ENOSPC',
        'the browser storage quota is exhausted: free space or reset the disk image',
      );
    case 'SecurityError':
    case 'NotAllowedError':
      return new DiskError(
        'EACCES',
        'the browser does not allow this page to use its private file system',
      );
    case 'NotFoundError':
      return new DiskError(
        'ENOENT',
        'the disk image file was not found in the browser storage',
      );
    default:
      return new DiskError(
        'EIO',
        `browser storage error: ${error instanceof Error ? error.message : String(error)}`,
      );
  }
}
