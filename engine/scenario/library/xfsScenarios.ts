// The built-ins that run on XFS (issue 16): the btrfs scenarios whose story XFS tells too, on a reflinked
// or plain file. Rule: kept apart from BUILTIN_SCENARIOS, which every btrfs design runs; findBuiltin and
// `iomap-explorer run X2 --design xfs` reach them by id.

import type { ScenarioSpec } from '../types.ts';

export const XFS_SCENARIOS: readonly ScenarioSpec[] = [
  {
    id: 'X2',
    title: 'XFS: unaligned overwrite of a reflinked file',
    description:
      "S2 on XFS after the file's 16 KiB extent was reflinked into a clone: 200 bytes at offset 100. xfs_buffered_write_iomap_begin finds the data-fork extent shared, reserves delalloc in the COW fork aligned to the cowextsize hint (32 blocks: [0, 128K)), and returns it as a DELALLOC iomap with NEW|SHARED and the data-fork extent as a MAPPED srcmap, all under one ILOCK cycle; the iomap core reads block 0 from the srcmap. Writeback allocates the whole COW reservation, writes block 0 to it, and xfs_reflink_end_cow remaps it into the data fork: the old block is the clone's alone, and 31 unwritten COW blocks stay for later writes (Linux 6.18, the xfs-srcmap fixture).",
    kernelFacts: 'S2',
    filesystem: 'xfs',
    files: [
      {
        name: 'F',
        size: '16K',
        extents: [{ offset: 0, length: '16K', disk: 'X', shared: true }],
      },
    ],
    ops: [
      { op: 'write', file: 'F', offset: 100, length: 200 },
      { op: 'fsync', file: 'F' },
    ],
  },
  {
    id: 'X4',
    title: 'XFS: write into a hole',
    description:
      'S4 on XFS: a 4 KiB write at 20 KiB into the hole of a 32 KiB file whose [0, 16K) is allocated. The data fork has no extent there, so xfs_buffered_write_iomap_begin reserves delalloc in the data fork for exactly the write (it is inside i_size: no preallocation) and returns a DELALLOC iomap with IOMAP_F_NEW and no srcmap. Writeback converts it to an unwritten extent, writes it, and the I/O completion turns it written.',
    kernelFacts: 'S4',
    filesystem: 'xfs',
    files: [
      {
        name: 'F',
        size: '32K',
        extents: [{ offset: 0, length: '16K', disk: 'X' }],
      },
    ],
    ops: [
      { op: 'write', file: 'F', offset: '20K', length: '4K' },
      { op: 'writeback', file: 'F' },
    ],
  },
  {
    id: 'X5',
    title: 'XFS: append past EOF with speculative preallocation',
    description:
      'A 4 KiB append to a 64 KiB file on XFS. The write ends past EOF with no extent beyond, so xfs_iomap_prealloc_size doubles the contiguous extent before it: the data-fork delalloc reservation runs from 64 KiB to 192 KiB (32 blocks, measured on Linux 6.18), though only one block is written. Writeback allocates all 32 blocks as one unwritten extent and converts the written block; the rest stays preallocated past EOF until the file is closed or trimmed.',
    filesystem: 'xfs',
    files: [
      {
        name: 'F',
        size: '64K',
        extents: [{ offset: 0, length: '64K', disk: 'X' }],
      },
    ],
    ops: [
      { op: 'write', file: 'F', offset: '64K', length: '4K' },
      { op: 'fsync', file: 'F' },
    ],
  },
  {
    id: 'X6',
    title: 'XFS: unaligned overwrite across three shared blocks',
    description:
      'A 64 KiB file whose extent was reflinked into a clone; 9000 bytes at offset 5000 touch blocks 1 to 3, two of them partly. xfs_buffered_write_iomap_begin trims the shared data-fork extent to the write, reserves COW-fork delalloc for it aligned to the default cowextsize hint (32 blocks: [0, 128K), past EOF), and returns it DELALLOC NEW|SHARED with the data-fork blocks [4K, 16K) as the MAPPED srcmap the core reads both partial blocks from. Writeback allocates all 32 COW blocks near the inode (block 40: the 6-block gap before the inode chunk is too short), writes blocks 1 to 3 and remaps them; 29 unwritten COW blocks stay (Linux 6.18, the xfs-cow-default fixture).',
    filesystem: 'xfs',
    files: [
      {
        name: 'F',
        size: '64K',
        extents: [{ offset: 0, length: '64K', disk: 'X', shared: true }],
      },
    ],
    ops: [
      { op: 'write', file: 'F', offset: 5000, length: 9000 },
      { op: 'fsync', file: 'F' },
    ],
  },
  {
    id: 'X7',
    title: 'XFS: the same overwrite with a 256 KiB cowextsize hint',
    description:
      'X6 with xfs_io -c "cowextsize 256k" on the file: the COW-fork reservation is aligned to 64 blocks instead of 32, so the write reserves [0, 256K) and writeback allocates 64 COW blocks in one extent; blocks 1 to 3 are remapped and 61 unwritten COW blocks stay (Linux 6.18, the xfs-cow-hint fixture).',
    filesystem: 'xfs',
    files: [
      {
        name: 'F',
        size: '64K',
        extents: [{ offset: 0, length: '64K', disk: 'X', shared: true }],
        cowextsize: '256K',
      },
    ],
    ops: [
      { op: 'write', file: 'F', offset: 5000, length: 9000 },
      { op: 'fsync', file: 'F' },
    ],
  },
];
