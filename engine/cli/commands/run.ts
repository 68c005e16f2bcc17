// `iomap-explorer run <scenario-id|file.json>`: run one scenario under one design and print every step,
// then a per-operation summary (result, data oracle, counters); --json prints a machine-readable summary,
// --trace and --events write the run as a Chrome trace and as the event stream.

import { formatSize } from '../../core/units.ts';
import { DiskError } from '../../disk/blockDevice.ts';
import { readImage } from '../../disk/format/image.ts';
import { NodeFileDisk } from '../../disk/nodeFileDisk.ts';
import { WriteCache } from '../../disk/writeCache.ts';
import { createSimulation } from '../../sim/simulation.ts';
import { chromeTrace } from '../../trace/chromeTrace.ts';
import { DESIGN_IDS, type DesignId } from '../../scenario/types.ts';
import { fileSha256 } from '../fileDigest.ts';
import { loadScenario } from '../loadScenario.ts';
import { printJson, UsageError, type Io } from '../output.ts';
import { parseTargetArgs } from '../targetArgs.ts';
import { writeText } from '../writeText.ts';
import { jsonLines, runJson, runListing } from '../runText.ts';
import { runXfs } from './runXfs.ts';
import { checkDesignFits } from '../designOption.ts';

export const RUN_HELP = `Usage:
  iomap-explorer run <scenario-id|file.json> [--design D] [--json] [--trace FILE] [--events FILE]
                     [--image FILE] [--cut-at EVENT [--cut-seed N]]

Runs the scenario under one design (default: srcmap) and prints every step, then a summary per operation.
Designs: ${DESIGN_IDS.join(', ')} (--variant is another name for --design); xfs runs the
scenarios that name "filesystem": "xfs" (X2, X4, X5), without --image or --cut-at.
--json prints { schemaVersion, scenario, design, events, counters, oracle, results, final }.
--trace FILE writes the run as Chrome trace-event JSON (open it in https://ui.perfetto.dev): kernel
calls as slices, steps as instants, space_info as counters, the same file as the app's "Export trace".
--events FILE writes every step event as one JSON object per line (JSON Lines), as the golden logs hold them.
--image FILE runs on that disk image (made by 'disk create', at least the scenario's device size): the
scenario's setup formats it, as the app's runs on its image do, and the run leaves it committed (a sync
after the last operation), for 'ls', 'check' and 'disk info' to read.
--cut-at EVENT cuts the power just before step event EVENT (the numbers printed on the left): every write
the disk's cache held is lost (with --cut-seed N, a seeded part of them lands, in any order, as the app's
?cut=&cutseed= links do), the filesystem is mounted again from the disk, the durability oracle says what
fsync'ed data survived, and the run ends there. With --image the image is left as the power cut left it,
not committed: 'check' and 'ls' then mount it as the next boot would. Exit 1 when the run has no such event.
Exit code 0 even when the data oracle finds data loss: that is a finding, not a failure.`;

const DEFAULT_DESIGN: DesignId = 'srcmap';

export function runCommand(argv: readonly string[], io: Io): number {
  const args = parseTargetArgs(argv, io, {
    command: 'run',
    help: RUN_HELP,
    target: 'a scenario id or a .json file',
    one: 'scenario',
    files: ['trace', 'events', 'image'],
    numbers: ['cut-at', 'cut-seed'],
  });
  if (args === null) return 0;
  const cutAt = args.numbers['cut-at'];
  const cutSeed = args.numbers['cut-seed'];
  if (cutSeed !== undefined && cutAt === undefined)
    throw new UsageError('--cut-seed needs --cut-at EVENT');
  const { target: ref } = args;
  const design = args.design ?? DEFAULT_DESIGN;

  const scenario = loadScenario(ref, io);
  if (scenario === null) return 1;
  checkDesignFits(design, scenario);
  const { trace, events, image } = args.files;
  if (design === 'xfs')
    return runXfs(scenario, {
      json: args.json,
      trace,
      events,
      refused:
        image !== undefined
          ? '--image'
          : cutAt !== undefined
            ? '--cut-at'
            : null,
      io,
    });
  const disk =
    image === undefined
      ? undefined
      : openImage(image, scenario.geometry.deviceSize, io);
  if (disk === null) return 1;
  let committed: number | null = null;
  let sim;
  let outcomes;
  /** For --json: each file's size and digest, read while the image is still open (a cut empties the cache). */
  let files: { name: string; size: number; sha256: string | null }[] = [];
  try {
    sim = createSimulation({
      scenario,
      variant: design,
      trace: true,
      ...(disk === undefined ? {} : { device: new WriteCache(disk) }),
      ...(cutAt === undefined
        ? {}
        : {
            cutAt:
              cutSeed === undefined
                ? { event: cutAt }
                : { event: cutAt, seed: cutSeed },
          }),
    });
    outcomes = sim.runAll();
    // After a cut the image stays as the cut left it: committing would hide what the next boot finds.
    if (disk !== undefined && sim.cut === null) {
      // Leave the image as a commit makes it; after a failed mount there is nothing to commit.
      const sync = sim.apply({ op: 'sync' });
      committed = sync.error === null ? sim.fs.generation : null;
      sim.fs.disk.flush();
    }
    const done = sim;
    if (args.json)
      files = scenario.files.map((f) => {
        const size = done.fs.byName(f.name)?.inode.isize ?? 0;
        return { name: f.name, size, sha256: fileSha256(done, f.name, size) };
      });
  } finally {
    disk?.close();
  }
  if (
    trace !== undefined &&
    !writeText(
      trace,
      'Chrome trace',
      [
        JSON.stringify(
          chromeTrace([{ scenario: scenario.id, design, events: sim.events }]),
        ),
      ],
      io,
    )
  )
    return 1;
  if (
    events !== undefined &&
    !writeText(events, 'event stream', jsonLines(sim.events), io)
  )
    return 1;

  // What --cut-at did: where the power failed, and what fsync'ed data the remount found missing.
  const cut =
    cutAt === undefined
      ? undefined
      : sim.cut === null
        ? null
        : {
            event: cutAt,
            ...(cutSeed === undefined ? {} : { seed: cutSeed }),
            op: sim.cut.op,
            lostDurableBytes: sim.lostDurableBytes,
          };
  const status = cut === null ? 1 : 0;
  if (cut === null)
    io.err(
      `iomap-explorer: no power cut: the run has ${String(sim.events.length)} step events, none numbered ${String(cutAt)}`,
    );

  if (args.json) {
    printJson(io, {
      ...runJson(scenario.id, design, sim.events.length, outcomes, files),
      ...(cut === undefined ? {} : { cut }),
      ...(image === undefined ? {} : { image: { file: image, committed } }),
    });
    return status;
  }

  const lines = runListing(
    `${scenario.id}: ${scenario.title} — design ${design}`,
    sim.events,
    outcomes,
  );
  if (cut != null)
    lines.push(
      `power cut before event ${String(cut.event)}, in op ${String(cut.op + 1)}: ${cut.lostDurableBytes === 0 ? "every fsync'ed byte survived" : `${String(cut.lostDurableBytes)} fsync'ed byte(s) lost`}`,
    );
  if (image !== undefined)
    lines.push(
      cut != null
        ? `image ${image}: left as the power cut left it, not committed (iomap-explorer check ${image})`
        : committed === null
          ? `image ${image}: not committed (the filesystem was not mounted at the end)`
          : `image ${image}: committed at generation ${String(committed)}`,
    );
  io.out(lines.join('\n'));
  return status;
}

/** The image file for --image, opened for writing: an existing image at least `deviceSize` bytes. */
function openImage(
  file: string,
  deviceSize: number,
  io: Io,
): NodeFileDisk | null {
  let disk: NodeFileDisk;
  try {
    disk = NodeFileDisk.open(file);
  } catch (error) {
    if (!(error instanceof DiskError)) throw error;
    io.err(`iomap-explorer: ${error.message}`);
    return null;
  }
  const read = readImage(disk);
  const problem = !read.ok
    ? `${read.error.message} (make one with 'iomap-explorer disk create')`
    : disk.size() < deviceSize
      ? `the scenario needs a ${formatSize(deviceSize)} device; the image is ${formatSize(disk.size())}`
      : null;
  if (problem === null) return disk;
  disk.close();
  io.err(`iomap-explorer: ${file}: ${problem}`);
  return null;
}
