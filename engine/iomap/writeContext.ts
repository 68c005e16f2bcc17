// What every write path carries: the filesystem, the inode, and the user's buffer. The core sees the host
// through the interfaces of host.ts; a filesystem's ops narrow the context to its own types (`H`, `F`).

import type { IomapFile, IomapHost } from './host.ts';
import type { UserBuffer } from './userBuffer.ts';

export interface WriteContext<
  H extends IomapHost = IomapHost,
  F extends IomapFile = IomapFile,
> {
  readonly fs: H;
  readonly entry: F;
  readonly buf: UserBuffer;
  /** File position of buf byte 0. */
  readonly base: number;
}
