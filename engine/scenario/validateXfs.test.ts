// The XFS-only file field cowextsize: accepted on an XFS scenario within the kernel's limits
// (xfs_ioctl_setattr_check_cowextsize), refused on btrfs, and carried into the validated file.
import { describe, expect, it } from 'vitest';
import { validateScenario } from './validate.ts';

const XFS = {
  id: 'x',
  title: 'XFS',
  description: 'One reflinked file.',
  filesystem: 'xfs',
  files: [
    {
      name: 'F',
      size: '64K',
      extents: [{ offset: 0, length: '64K', shared: true }],
    },
  ],
  ops: [{ op: 'write', file: 'F', offset: 5000, length: 9000 }],
};

function withHint(cowextsize: unknown, over: Record<string, unknown> = {}) {
  const [file] = XFS.files;
  return { ...XFS, ...over, files: [{ ...file, cowextsize }] };
}

function errors(input: unknown) {
  const r = validateScenario(input);
  return r.ok ? [] : r.errors;
}

describe('files[].cowextsize', () => {
  it('is carried into the scenario in bytes', () => {
    const r = validateScenario(withHint('256K'));
    expect(r.ok && r.scenario.files[0]?.cowextsize).toBe(256 * 1024);
  });

  it('is absent when not given (XFS then uses its default)', () => {
    const r = validateScenario(XFS);
    expect(r.ok && 'cowextsize' in (r.scenario.files[0] ?? {})).toBe(false);
  });

  it('must be a positive multiple of the block size', () => {
    expect(errors(withHint(0))).toContainEqual({
      path: 'files[0].cowextsize',
      message: expect.stringContaining('positive') as unknown,
    });
    expect(errors(withHint(6000))).toContainEqual({
      path: 'files[0].cowextsize',
      message: expect.stringContaining('multiple of the block size') as unknown,
    });
  });

  it('must fit half the allocation group', () => {
    expect(
      errors(withHint('64M', { geometry: { deviceSize: '64M' } })),
    ).toContainEqual({
      path: 'files[0].cowextsize',
      message: expect.stringContaining('half the allocation group') as unknown,
    });
  });

  it('is refused on a btrfs scenario', () => {
    expect(errors(withHint('256K', { filesystem: undefined }))).toContainEqual({
      path: 'files[0].cowextsize',
      message: expect.stringContaining('XFS inode hint') as unknown,
    });
  });
});

describe('operations on XFS', () => {
  const withOps = (ops: unknown[]) => ({ ...XFS, ops });

  it('runs truncate, fallocate and the remap ops', () => {
    expect(
      errors(
        withOps([
          { op: 'truncate', file: 'F', size: 1000 },
          {
            op: 'fallocate',
            file: 'F',
            mode: 'zero-range',
            offset: 0,
            length: 4096,
          },
          {
            op: 'clone-range',
            file: 'F',
            srcOffset: 0,
            length: 4096,
            offset: 8192,
          },
          {
            op: 'dedupe-range',
            file: 'F',
            srcOffset: 0,
            length: 4096,
            offset: 8192,
          },
          {
            op: 'copy-range',
            file: 'F',
            srcOffset: 0,
            length: 100,
            offset: 8192,
          },
        ]),
      ),
    ).toEqual([]);
  });

  it('refuses collapse-range and insert-range with the reason', () => {
    expect(
      errors(
        withOps([
          {
            op: 'fallocate',
            file: 'F',
            mode: 'collapse-range',
            offset: 0,
            length: 4096,
          },
        ]),
      ),
    ).toContainEqual({
      path: 'ops[0].mode',
      message: expect.stringContaining('does not shift extents') as unknown,
    });
  });

  it('refuses power-cut, remount and commit', () => {
    expect(errors(withOps([{ op: 'power-cut' }])).map((e) => e.path)).toEqual([
      'ops[0].op',
    ]);
  });
});
