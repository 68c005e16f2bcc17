// What every write path carries: the filesystem, the inode, and the user's buffer.

import type { Fs, FsInode } from '../btrfs/fs.ts';
import type { UserBuffer } from './userBuffer.ts';

export interface WriteContext {
  readonly fs: Fs;
  readonly entry: FsInode;
  readonly buf: UserBuffer;
  /** File position of buf byte 0. */
  readonly base: number;
}
