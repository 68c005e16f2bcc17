// A device backed by a regular file, for the CLI. Node-only: compiled under engine/cli's tsconfig.

import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { checkRange, DiskError, type BlockDevice } from './blockDevice.ts';

export interface NodeFileDiskOptions {
  /** Create the file with this size; fails with EEXIST if it exists. Without it the file must exist. */
  readonly createWithSize?: number;
  readonly readOnly?: boolean;
}

export class NodeFileDisk implements BlockDevice {
  private constructor(
    private fd: number | null,
    private readonly bytes: number,
    readonly path: string,
  ) {}

  static open(path: string, options: NodeFileDiskOptions = {}): NodeFileDisk {
    const create = options.createWithSize;
    let fd: number;
    // An existing path is checked before it is opened: opening a FIFO blocks until someone writes to it.
    if (create === undefined) {
      let stat;
      try {
        stat = statSync(path);
      } catch (error) {
        throw fromNodeError(error, path);
      }
      if (!stat.isFile() && !stat.isDirectory())
        throw new DiskError('EINVAL', `${path} is not a regular file`);
    }
    try {
      fd = openSync(
        path,
        create !== undefined ? 'wx+' : options.readOnly === true ? 'r' : 'r+',
      );
    } catch (error) {
      // Creating a file in a directory that is not there: say which is missing.
      if (
        create !== undefined &&
        (error as { code?: string }).code === 'ENOENT'
      )
        throw new DiskError(
          'ENOENT',
          `cannot create ${path}: its directory does not exist`,
        );
      throw fromNodeError(error, path);
    }
    try {
      if (create !== undefined) ftruncateSync(fd, create);
      const stat = fstatSync(fd);
      if (!stat.isFile())
        throw new DiskError('EINVAL', `${path} is not a regular file`);
      return new NodeFileDisk(fd, stat.size, path);
    } catch (error) {
      closeSync(fd);
      throw error instanceof DiskError ? error : fromNodeError(error, path);
    }
  }

  read(offset: number, buf: Uint8Array): void {
    checkRange('read', offset, buf.length, this.bytes);
    const fd = this.handle();
    let done = 0;
    while (done < buf.length) {
      const n = readSync(fd, buf, done, buf.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    buf.fill(0, done);
  }

  write(offset: number, data: Uint8Array): void {
    checkRange('write', offset, data.length, this.bytes);
    const fd = this.handle();
    let done = 0;
    while (done < data.length) {
      done += writeSync(fd, data, done, data.length - done, offset + done);
    }
  }

  flush(): void {
    fsyncSync(this.handle());
  }

  size(): number {
    return this.bytes;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private handle(): number {
    if (this.fd === null)
      throw new Error(`NodeFileDisk ${this.path} used after close()`);
    return this.fd;
  }
}

const NODE_ERRORS: Readonly<Record<string, (path: string) => DiskError>> = {
  ENOENT: (path) => new DiskError('ENOENT', `${path} does not exist`),
  EEXIST: (path) =>
    new DiskError(
      'EEXIST',
      `${path} already exists (refusing to overwrite it)`,
    ),
  EACCES: (path) =>
    new DiskError('EACCES', `${path} cannot be opened: permission denied`),
  EPERM: (path) =>
    new DiskError('EACCES', `${path} cannot be opened: permission denied`),
  EISDIR: (path) =>
    new DiskError('EINVAL', `${path} is a directory, not a disk image file`),
  ENOSPC: (path) => new DiskError('ENOSPC', `no space left to create ${path}`),
};

function fromNodeError(error: unknown, path: string): DiskError {
  const code = (error as { code?: string }).code ?? '';
  const known = NODE_ERRORS[code];
  if (known !== undefined) return known(path);
  return new DiskError(
    'EIO',
    `${path}: ${error instanceof Error ? error.message : String(error)}`,
  );
}
