// What the recorder needs from the machine, checked before it touches anything: root, loop devices,
// btrfs and xfs support, tracefs, and the tools. Each missing piece is named with how to get it.

import { existsSync, readFileSync } from 'node:fs';
import { runCommand } from './kernelHost.ts';

/** Tool -> the arguments that print its version, and the package it comes from. */
export const TOOLS: Readonly<
  Record<
    string,
    {
      readonly args: readonly string[];
      readonly from: string;
      /** false: the command prints no version (it is only checked to exist). */
      readonly versioned?: boolean;
    }
  >
> = {
  'mkfs.btrfs': { args: ['--version'], from: 'btrfs-progs' },
  btrfs: { args: ['--version'], from: 'btrfs-progs' },
  'mkfs.xfs': { args: ['-V'], from: 'xfsprogs' },
  xfs_io: { args: ['-V'], from: 'xfsprogs' },
  filefrag: { args: ['-V'], from: 'e2fsprogs' },
  // chattr prints no version of its own; lsattr comes from the same e2fsprogs build.
  chattr: { args: ['-='], from: 'e2fsprogs', versioned: false },
  lsattr: { args: ['-V', '-d', '/'], from: 'e2fsprogs' },
  losetup: { args: ['--version'], from: 'util-linux' },
  python3: { args: ['--version'], from: 'python3 (for the commit ioctl)' },
};

/** Every missing prerequisite, as a sentence; empty when the recorder can run. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (process.platform !== 'linux')
    missing.push('a Linux kernel (this is not Linux)');
  if (process.getuid?.() !== 0)
    missing.push(
      'root (loop devices, mount and tracefs need it): run it as root, e.g. sudo npm run conformance:record',
    );
  for (const [tool, { args, from }] of Object.entries(TOOLS))
    if (runCommand(tool, args).status === 127)
      missing.push(
        `${tool} (apt-get install -y ${from.split(' ')[0] ?? from})`,
      );
  if (!existsSync('/dev/loop-control'))
    missing.push(
      'loop device support (/dev/loop-control is missing: modprobe loop)',
    );
  const filesystems = existsSync('/proc/filesystems')
    ? readFileSync('/proc/filesystems', 'utf8')
    : '';
  for (const fs of ['btrfs', 'xfs'])
    if (
      !new RegExp(`\\b${fs}\\b`).test(filesystems) &&
      runCommand('modprobe', [fs]).status !== 0
    )
      missing.push(
        `${fs} support in the kernel (not in /proc/filesystems and modprobe ${fs} failed)`,
      );
  if (
    !existsSync('/sys/kernel/tracing/instances') &&
    runCommand('mount', ['-t', 'tracefs', 'nodev', '/sys/kernel/tracing'])
      .status !== 0
  )
    missing.push(
      'tracefs instances at /sys/kernel/tracing (not mounted or not accessible; as root: mount -t tracefs nodev /sys/kernel/tracing)',
    );
  return missing;
}

/** The version line of each tool. */
export function toolVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const [tool, { args, versioned }] of Object.entries(TOOLS)) {
    if (versioned === false) continue;
    const r = runCommand(tool, args);
    const text = `${r.stdout}\n${r.stderr}`.trim();
    versions[tool] =
      text
        .split('\n')
        .find((l) => /\d+\.\d+/.test(l))
        ?.trim() ??
      text.split('\n')[0] ??
      '';
  }
  return versions;
}
