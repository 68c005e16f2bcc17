// Records what btrfs does before it says ENOSPC: a new file on a fresh filesystem written until the first
// failed write (sequential 1 MiB writes, or 4 KiB writes one every 64 KiB), with the chunk tree and the
// space_infos before and after; and mkfs.btrfs's starting layout on images of several sizes.

import type { FillFixture, MkfsLayoutFixture, Provenance } from './fixture.ts';
import { mustRun, type Host } from './kernelHost.ts';
import { freshBtrfs } from './recordBtrfsScenario.ts';

const MiB = 1 << 20;

export interface FillRun {
  readonly id: string;
  readonly imageBytes: number;
  readonly writeBytes: number;
  readonly stride: number;
}

/** The fills: 256 MiB and 1 GiB images, sequential 1 MiB writes and scattered 4 KiB writes. */
export const FILL_RUNS: readonly FillRun[] = [
  { id: 'fill-256M-seq', imageBytes: 256 * MiB, writeBytes: MiB, stride: MiB },
  {
    id: 'fill-256M-scattered',
    imageBytes: 256 * MiB,
    writeBytes: 4096,
    stride: 64 * 1024,
  },
  { id: 'fill-1G-seq', imageBytes: 1024 * MiB, writeBytes: MiB, stride: MiB },
  {
    id: 'fill-1G-scattered',
    imageBytes: 1024 * MiB,
    writeBytes: 4096,
    stride: 64 * 1024,
  },
];

/** The image sizes whose mkfs layout is recorded (128 MiB: the size the scenario fixtures use). */
export const MKFS_LAYOUT_SIZES: readonly number[] = [
  128 * MiB,
  256 * MiB,
  512 * MiB,
  1024 * MiB,
];

// One process writes the whole fill (a command per write would take minutes): pwrite at k * stride until
// the first error or short write; prints "<bytes> <writes> <errno name or short>".
const FILL_PY = `
import errno, os, sys
path, size, stride = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o644)
buf = b'\\xab' * size
done = writes = 0
error = 'none'
while True:
    try:
        n = os.pwrite(fd, buf, writes * stride)
    except OSError as e:
        error = errno.errorcode.get(e.errno, str(e.errno))
        break
    done += n
    if n < size:
        error = 'short'
        break
    writes += 1
os.close(fd)
print(done, writes, error)
`;

const GEOMETRY = { sectorSize: 4096, nodeSize: 16384 } as const;

export function recordFill(
  host: Host,
  run: FillRun,
  provenance: Provenance,
): FillFixture {
  const mounted = freshBtrfs(host, `mnt-${run.id}`, {
    imageBytes: run.imageBytes,
    ...GEOMETRY,
  });
  const before = {
    chunks: host.chunks(mounted.loop),
    space: host.space(mounted),
  };
  const out = mustRun('python3', [
    '-c',
    FILL_PY,
    `${mounted.dir}/F`,
    String(run.writeBytes),
    String(run.stride),
  ]).trim();
  const [bytes = '', writes = '', error = ''] = out.split(' ');
  mustRun('xfs_io', ['-c', 'syncfs', `${mounted.dir}/F`]);
  const after = {
    chunks: host.chunks(mounted.loop),
    space: host.space(mounted),
  };
  host.unmount(mounted);
  return {
    kind: 'fill',
    id: run.id,
    provenance,
    imageBytes: run.imageBytes,
    writeBytes: run.writeBytes,
    stride: run.stride,
    bytesWritten: Number(bytes),
    writes: Number(writes),
    error,
    before,
    after,
  };
}

export function recordMkfsLayout(
  host: Host,
  provenance: Provenance,
): MkfsLayoutFixture {
  const layouts = MKFS_LAYOUT_SIZES.map((imageBytes) => {
    const mounted = freshBtrfs(host, `mnt-mkfs-${String(imageBytes)}`, {
      imageBytes,
      ...GEOMETRY,
    });
    const layout = {
      imageBytes,
      chunks: host.chunks(mounted.loop),
      deviceBytesUsed: host.deviceBytesUsed(mounted.loop),
      space: host.space(mounted),
    };
    host.unmount(mounted);
    return layout;
  });
  return { kind: 'mkfs-layout', id: 'mkfs-layout', provenance, layouts };
}
