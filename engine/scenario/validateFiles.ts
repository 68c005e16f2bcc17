// Validates a scenario's files and their extents, and names the disk extents (E0, E1, ... by default).
// Pure; reports into the shared Report and returns null when a file could not be accepted.

import { MAX_FILE_SIZE, type ScenarioLimits } from '../core/limits.ts';
import { alignUp } from '../core/units.ts';
import { readFileName } from './fileName.ts';
import type { ExtentDef, FileDef, FileFlag } from './types.ts';
import {
  aligned,
  bool,
  byteOr,
  bytes,
  list,
  record,
  size,
  sizeOr,
  show,
  str,
  type Report,
} from './fieldReaders.ts';

const FILE_FLAGS: readonly FileFlag[] = ['NODATACOW', 'PREALLOC', 'NODATASUM'];
const FILE_FIELDS = [
  'name',
  'size',
  'flags',
  'extents',
  'fill',
  'cached',
  'cowextsize',
];
const EXTENT_FIELDS = [
  'offset',
  'length',
  'type',
  'disk',
  'diskOffset',
  'shared',
];

/** What file validation needs from the geometry (null where the geometry itself was invalid). */
export interface SpaceLimits {
  readonly sectorSize: number | null;
  readonly deviceSize: number | null;
  readonly pageSize: number | null;
  readonly dataUsedByOthers: number | null;
}

interface ExtentDraft extends Omit<ExtentDef, 'disk'> {
  readonly disk: string | undefined;
  readonly path: string;
}

interface FileDraft extends Omit<FileDef, 'extents'> {
  readonly extents: readonly ExtentDraft[];
}

export function readFiles(
  r: Report,
  input: unknown,
  geo: SpaceLimits,
  limits: Pick<ScenarioLimits, 'maxFiles' | 'maxExtents'>,
): readonly FileDef[] | null {
  const items = list(r, input, 'files', 'files');
  if (items === null) return null;
  if (items.length === 0) return r.add('files', 'must list at least one file');
  if (items.length > limits.maxFiles)
    return r.add(
      'files',
      `lists ${String(items.length)} files; a scenario holds at most ${String(limits.maxFiles)}`,
    );
  const names = new Map<string, string>();
  const drafts: FileDraft[] = [];
  const before = r.errors.length;
  for (const [i, v] of items.entries()) {
    const at = `files[${String(i)}]`;
    const f = record(r, v, at, 'file', FILE_FIELDS);
    if (f === null) continue;
    const name = readFileName(r, f.name, `${at}.name`);
    const other = name === null ? undefined : names.get(name);
    if (other !== undefined)
      r.add(`${at}.name`, `duplicate file name ${show(name)} (also ${other})`);
    else if (name !== null) names.set(name, at);
    let fileSize = size(r, f.size, `${at}.size`);
    if (fileSize !== null && fileSize > MAX_FILE_SIZE)
      fileSize = r.add(
        `${at}.size`,
        `must be at most ${bytes(MAX_FILE_SIZE)}, got ${bytes(fileSize)}`,
      );
    const flags = readFlags(r, f.flags, `${at}.flags`);
    const extents = readExtents(r, f.extents, `${at}.extents`, geo.sectorSize);
    const fill = byteOr(r, f.fill, `${at}.fill`, 'pattern');
    const cached = readCached(
      r,
      f.cached,
      `${at}.cached`,
      fileSize,
      geo.pageSize,
    );
    const cowextsize =
      f.cowextsize === undefined
        ? undefined
        : size(r, f.cowextsize, `${at}.cowextsize`);
    if (
      name !== null &&
      fileSize !== null &&
      flags !== null &&
      extents !== null &&
      fill !== null &&
      cached !== null &&
      cowextsize !== null
    )
      drafts.push({
        name,
        size: fileSize,
        flags,
        extents,
        fill,
        cached,
        ...(cowextsize === undefined ? {} : { cowextsize }),
      });
  }
  if (r.errors.length > before) return null;
  const extentCount = drafts.reduce((n, d) => n + d.extents.length, 0);
  if (extentCount > limits.maxExtents)
    return r.add(
      'files',
      `the files list ${String(extentCount)} extents; a scenario holds at most ${String(limits.maxExtents)}`,
    );
  const files = nameDiskExtents(r, drafts);
  // Only a bound the device can never beat: how much data its chunks hold depends on mkfs's layout and the
  // chunk sizes, and setup says so when the extents do not fit.
  const needed = diskBytes(files);
  if (
    geo.deviceSize !== null &&
    geo.dataUsedByOthers !== null &&
    needed + geo.dataUsedByOthers >= geo.deviceSize
  )
    r.add(
      'files',
      `the disk extents need ${bytes(needed)} and other files ${bytes(geo.dataUsedByOthers)}: the ${bytes(geo.deviceSize)} device cannot hold that`,
    );
  return files;
}

/**
 * Gives unnamed extents a unique disk name (E0, E1, ... in the order written, across the scenario), checks
 * that each disk extent has one type, and sorts each file's extents by offset.
 */
function nameDiskExtents(r: Report, drafts: readonly FileDraft[]): FileDef[] {
  const taken = new Set(
    drafts.flatMap((d) =>
      d.extents.flatMap((e) => (e.disk === undefined ? [] : [e.disk])),
    ),
  );
  let counter = 0;
  const firstUse = new Map<string, ExtentDraft>();
  return drafts
    .map((file) => ({
      ...file,
      extents: file.extents.map(({ path, disk: given, ...e }): ExtentDef => {
        let disk = given;
        while (disk === undefined) {
          const candidate = `E${String(counter++)}`;
          if (!taken.has(candidate)) disk = candidate;
        }
        const first = firstUse.get(disk);
        if (first === undefined) firstUse.set(disk, { ...e, disk, path });
        else if (first.type !== e.type)
          r.add(
            `${path}.type`,
            `disk extent ${show(disk)} is ${e.type} here but ${first.type} at ${first.path}`,
          );
        return { ...e, disk };
      }),
    }))
    .map((file) => ({
      ...file,
      extents: [...file.extents].sort((a, b) => a.offset - b.offset),
    }));
}

/** Data space the disk extents occupy: each disk extent is as long as the furthest reference into it. */
function diskBytes(files: readonly FileDef[]): number {
  const ends = new Map<string, number>();
  for (const e of files.flatMap((f) => f.extents))
    ends.set(e.disk, Math.max(ends.get(e.disk) ?? 0, e.diskOffset + e.length));
  return [...ends.values()].reduce((sum, end) => sum + end, 0);
}

function readFlags(
  r: Report,
  input: unknown,
  path: string,
): readonly FileFlag[] | null {
  if (input === undefined) return [];
  const items = list(r, input, path, 'flags');
  if (items === null) return null;
  const out: FileFlag[] = [];
  const before = r.errors.length;
  for (const [i, v] of items.entries()) {
    const flag = FILE_FLAGS.find((f) => f === v);
    const at = `${path}[${String(i)}]`;
    if (flag === undefined)
      r.add(
        at,
        `${show(v)} is not a file flag (expected one of: ${FILE_FLAGS.join(', ')})`,
      );
    else if (out.includes(flag)) r.add(at, `duplicate flag ${show(v)}`);
    else out.push(flag);
  }
  return r.errors.length > before ? null : out;
}

function readExtents(
  r: Report,
  input: unknown,
  path: string,
  sector: number | null,
): ExtentDraft[] | null {
  if (input === undefined) return [];
  const items = list(r, input, path, 'extents');
  if (items === null) return null;
  const out: ExtentDraft[] = [];
  const before = r.errors.length;
  for (const [i, v] of items.entries()) {
    const at = `${path}[${String(i)}]`;
    const e = record(r, v, at, 'extent', EXTENT_FIELDS);
    if (e === null) continue;
    const offset = aligned(
      r,
      size(r, e.offset, `${at}.offset`),
      `${at}.offset`,
      sector,
    );
    let length = aligned(
      r,
      size(r, e.length, `${at}.length`),
      `${at}.length`,
      sector,
    );
    if (length === 0) length = r.add(`${at}.length`, 'must be greater than 0');
    // Past the file-size limit no file extent item can lie (mount refuses one).
    if (offset !== null && length !== null && offset + length > MAX_FILE_SIZE)
      length = r.add(
        `${at}.length`,
        `the extent ends at ${bytes(offset + length)}, past the ${bytes(MAX_FILE_SIZE)} file size limit`,
      );
    let type: ExtentDef['type'] | null = 'regular';
    if (e.type === 'regular' || e.type === 'prealloc') type = e.type;
    else if (e.type !== undefined)
      type = r.add(
        `${at}.type`,
        `must be "regular" or "prealloc", got ${show(e.type)}`,
      );
    const disk =
      e.disk === undefined ? undefined : str(r, e.disk, `${at}.disk`);
    const diskOffset = aligned(
      r,
      sizeOr(r, e, 'diskOffset', at, 0),
      `${at}.diskOffset`,
      sector,
    );
    const shared =
      e.shared === undefined ? false : bool(r, e.shared, `${at}.shared`);
    if (
      offset === null ||
      length === null ||
      type === null ||
      disk === null ||
      diskOffset === null ||
      shared === null
    )
      continue;
    for (const other of out)
      if (
        offset < other.offset + other.length &&
        other.offset < offset + length
      )
        r.add(
          at,
          `overlaps ${other.path}: [${bytes(offset)}, ${bytes(offset + length)}) and [${bytes(other.offset)}, ${bytes(other.offset + other.length)})`,
        );
    out.push({ offset, length, type, disk, diskOffset, shared, path: at });
  }
  return r.errors.length > before ? null : out;
}

/** Cached ranges lie within the file: its size rounded up to the page size (the page holding EOF). */
function readCached(
  r: Report,
  input: unknown,
  path: string,
  fileSize: number | null,
  pageSize: number | null,
): FileDef['cached'] | null {
  if (input === undefined) return [];
  const items = list(r, input, path, 'ranges');
  if (items === null) return null;
  const out: { offset: number; length: number }[] = [];
  const before = r.errors.length;
  for (const [i, v] of items.entries()) {
    const at = `${path}[${String(i)}]`;
    const c = record(r, v, at, 'cached range', ['offset', 'length']);
    if (c === null) continue;
    const offset = size(r, c.offset, `${at}.offset`);
    let length = size(r, c.length, `${at}.length`);
    if (length === 0) length = r.add(`${at}.length`, 'must be greater than 0');
    if (
      offset !== null &&
      length !== null &&
      fileSize !== null &&
      pageSize !== null &&
      offset + length > alignUp(fileSize, pageSize)
    )
      length = r.add(
        at,
        `[${bytes(offset)}, ${bytes(offset + length)}) reaches past the file's size (${bytes(fileSize)}): only pages of the file can be cached`,
      );
    if (offset !== null && length !== null) out.push({ offset, length });
  }
  return r.errors.length > before ? null : out;
}
