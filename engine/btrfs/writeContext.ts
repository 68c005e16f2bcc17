// The iomap write context as btrfs's write paths see it: the host is the btrfs Fs and the file an FsInode.
// Rule: btrfs code that takes a write context takes this one, so it reaches btrfs state through typed fields.

import type { WriteContext } from '../iomap/writeContext.ts';
import type { Fs, FsInode } from './fs.ts';

export type BtrfsWriteContext = WriteContext<Fs, FsInode>;
