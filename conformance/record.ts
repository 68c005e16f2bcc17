// `npm run conformance:record [-- ID...]`: records the kernel conformance fixtures on this machine's real
// kernel (root, loop devices, btrfs, xfs, tracefs). Checks its prerequisites first and says what is
// missing; always unmounts, detaches and deletes what it made, and removes its trace instance.

import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, Host, mustRun } from './kernelHost.ts';
import { missingPrerequisites, toolVersions } from './prerequisites.ts';
import { conformanceScenarios, SETTLE_OPS } from './conformanceScenarios.ts';
import { BTRFS_EVENTS, recordBtrfsScenario } from './recordBtrfsScenario.ts';
import { recordXfsSrcmap, XFS_EVENTS } from './recordXfsSrcmap.ts';
import {
  recordXfsWrite,
  XFS_WRITE_EVENTS,
  XFS_WRITE_RUNS,
} from './recordXfsWrites.ts';
import { FSX_RUNS, recordFsxReplay } from './recordFsxReplay.ts';
import { FILL_RUNS, recordFill, recordMkfsLayout } from './recordFill.ts';
import {
  RECLAIM_EVENTS,
  RECLAIM_RUNS,
  recordReclaim,
} from './recordReclaim.ts';
import type { Fixture, Provenance } from './fixture.ts';
import { FIXTURES_DIR, fixtureFileName } from './fixtureFiles.ts';

function main(): number {
  const wanted = process.argv.slice(2).map((a) => a.toLowerCase());
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    console.error(
      `conformance:record cannot run on this machine. Missing:\n${missing.map((m) => `  - ${m}`).join('\n')}`,
    );
    return 1;
  }
  const provenance: Provenance = {
    kernel: mustRun('uname', ['-r']).trim(),
    tools: toolVersions(),
    recordedAt: new Date().toISOString(),
  };
  // Images live in memory when the machine has /dev/shm: the device is not what is being measured.
  const host = new Host(
    join(
      existsSync('/dev/shm') ? '/dev/shm' : tmpdir(),
      `iomap-conformance-${String(process.pid)}`,
    ),
  );
  const written: string[] = [];
  const pick = (id: string) =>
    wanted.length === 0 || wanted.includes(id.toLowerCase());
  const save = (fixture: Fixture) => {
    const path = join(FIXTURES_DIR, fixtureFileName(fixture.id));
    writeFileSync(path, `${JSON.stringify(fixture, null, 2)}\n`);
    written.push(path);
    console.log(`recorded ${fixture.id} -> ${path}`);
  };
  let failed = false;
  try {
    host.startTracing(`iomap-conformance-${String(process.pid)}`, [
      ...BTRFS_EVENTS,
      ...XFS_EVENTS,
      ...XFS_WRITE_EVENTS,
    ]);
    for (const c of conformanceScenarios())
      if (pick(c.id))
        save(
          recordBtrfsScenario({
            host,
            id: c.id,
            builtin: c.builtin,
            scenario: c.scenario,
            appendedOps: SETTLE_OPS,
            provenance,
          }),
        );
    if (pick('xfs-srcmap')) save(recordXfsSrcmap(host, provenance));
    for (const run of XFS_WRITE_RUNS)
      if (pick(run.id)) save(recordXfsWrite(host, run, provenance));
    // Replays only wait for ordered extents: drop the per-page writeback events that slow every read.
    host.narrowTrace([
      'btrfs:btrfs_ordered_extent_add',
      'btrfs:btrfs_ordered_extent_mark_finished',
      'btrfs:btrfs_ordered_extent_remove',
    ]);
    for (const run of FSX_RUNS)
      if (pick(run.id)) save(recordFsxReplay(host, run, provenance));
    if (pick('mkfs-layout')) save(recordMkfsLayout(host, provenance));
    // Reclaim runs count flush states and commits: those events alone, so thousands of ordered extents
    // cannot push them out of the trace buffer.
    host.enableEvents(RECLAIM_EVENTS);
    host.narrowTrace(RECLAIM_EVENTS);
    for (const run of RECLAIM_RUNS)
      if (pick(run.id)) save(recordReclaim(host, run, provenance));
    for (const run of FILL_RUNS)
      if (pick(run.id)) save(recordFill(host, run, provenance));
  } catch (error) {
    failed = true;
    console.error(
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
  } finally {
    const problems = host.cleanup();
    for (const p of problems) console.error(`cleanup: ${p}`);
    const loops = runCommand('losetup', ['-a']).stdout;
    const mounts = runCommand('findmnt', ['-rn', '-o', 'TARGET']).stdout;
    const leftLoops = loops
      .split('\n')
      .filter((l) => l.includes('iomap-conformance'));
    const leftMounts = mounts
      .split('\n')
      .filter((l) => l.includes('iomap-conformance'));
    if (leftLoops.length + leftMounts.length + problems.length > 0) {
      failed = true;
      console.error(`left behind: ${[...leftLoops, ...leftMounts].join('; ')}`);
    } else console.log('cleanup: nothing mounted, no loop device left');
  }
  if (written.length > 0)
    runCommand(join('node_modules', '.bin', 'prettier'), [
      '--write',
      ...written,
    ]);
  return failed ? 1 : 0;
}

process.exitCode = main();
