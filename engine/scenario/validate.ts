// Validates a scenario and fills in its defaults: user JSON in, a runnable Scenario or every problem found out.
// Pure; bad input is reported as { path, message } errors, never thrown.

import { InvariantError } from '../core/assert.ts';
import { SCENARIO_LIMITS, type ScenarioLimits } from '../core/limits.ts';
import { MAX_SEED } from '../core/rng.ts';
import { MAX_IMAGE_BYTES, MIN_IMAGE_BYTES } from '../disk/format/image.ts';
import {
  aligned,
  bytes,
  isRecord,
  list,
  record,
  Report,
  show,
  size,
  sizeOr,
  str,
  type ScenarioFieldError,
} from './fieldReaders.ts';
import {
  VARIANT_IDS,
  type Geometry,
  type Scenario,
  type VariantId,
} from './types.ts';
import { readFiles } from './validateFiles.ts';
import { checkBudgets } from './validateLimits.ts';
import { readOps } from './validateOps.ts';
import {
  checkBtrfsFiles,
  checkXfsScenario,
  readFilesystem,
} from './validateXfs.ts';

export type { ScenarioFieldError };

export type ValidationResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly ScenarioFieldError[] };

const KiB = 1024;
const MiB = 1024 * KiB;

const ROOT_FIELDS = [
  '$schema',
  'id',
  'title',
  'description',
  'kernelFacts',
  'variants',
  'filesystem',
  'seed',
  'geometry',
  'space',
  'files',
  'ops',
];
const GEOMETRY_FIELDS = ['pageSize', 'sectorSize', 'nodeSize', 'deviceSize'];
/** Geometry fields of earlier versions, with what replaced them. */
const RETIRED_GEOMETRY: Readonly<Record<string, string>> = {
  dataSpace:
    'is no longer a setting: the data space grows by chunks allocated from the device on demand (set geometry.deviceSize; to start near ENOSPC, set space.dataFree)',
  metadataSpace:
    'is no longer a setting: the metadata space grows by chunks allocated from the device on demand (set geometry.deviceSize)',
};

/**
 * Validates `input` as a scenario within `limits` (a scenario file's by default; an fsx log's when one is
 * replayed), or lists every problem found.
 */
export function validateScenario(
  input: unknown,
  limits: ScenarioLimits = SCENARIO_LIMITS,
): ValidationResult {
  const r = new Report();
  const root = record(r, input, '', 'scenario', ROOT_FIELDS);
  if (root === null) return { ok: false, errors: r.errors };

  // Editors find the JSON Schema (public/scenario.schema.json) through `$schema`; the engine only checks its type.
  if (root.$schema !== undefined) str(r, root.$schema, '$schema');
  const id = str(r, root.id, 'id');
  if (id !== null && !/^[A-Za-z0-9_-]{1,40}$/.test(id))
    r.add('id', `must be 1 to 40 letters, digits, '_' or '-', got ${show(id)}`);
  const title = str(r, root.title, 'title');
  const description = str(r, root.description, 'description');
  const kernelFacts =
    root.kernelFacts === undefined
      ? undefined
      : str(r, root.kernelFacts, 'kernelFacts');
  const variants = readVariants(r, root.variants);
  const filesystem = readFilesystem(r, root.filesystem);
  const seed = readSeed(r, root.seed);
  const geometry = readGeometry(r, root.geometry);
  const space = record(
    r,
    root.space === undefined ? {} : root.space,
    'space',
    'space',
    ['dataUsedByOthers', 'dataFree', 'dirtyLimit'],
  );
  let usedByOthers: number | null = null;
  let dataFree: number | null | undefined;
  let dirtyLimit: number | null | undefined;
  if (space !== null) {
    if (space.dirtyLimit !== undefined) {
      dirtyLimit = size(r, space.dirtyLimit, 'space.dirtyLimit');
      if (dirtyLimit === 0)
        dirtyLimit = r.add('space.dirtyLimit', 'must be at least 1 page');
    }
    usedByOthers = sizeOr(r, space, 'dataUsedByOthers', 'space', 0);
    if (usedByOthers !== null) {
      aligned(r, usedByOthers, 'space.dataUsedByOthers', geometry.sectorSize);
      if (geometry.deviceSize !== null && usedByOthers >= geometry.deviceSize)
        usedByOthers = r.add(
          'space.dataUsedByOthers',
          `must be less than geometry.deviceSize (${bytes(geometry.deviceSize)}), got ${bytes(usedByOthers)}`,
        );
    }
    if (space.dataFree !== undefined) {
      dataFree = size(r, space.dataFree, 'space.dataFree');
      if (dataFree !== null) {
        aligned(r, dataFree, 'space.dataFree', geometry.sectorSize);
        if (space.dataUsedByOthers !== undefined)
          dataFree = r.add(
            'space.dataFree',
            'cannot be given together with space.dataUsedByOthers (other files fill all but dataFree)',
          );
      }
    }
  }
  const files = readFiles(
    r,
    root.files,
    {
      sectorSize: geometry.sectorSize,
      pageSize: geometry.pageSize,
      deviceSize: geometry.deviceSize,
      dataUsedByOthers: usedByOthers,
    },
    limits,
  );
  const ops = readOps(
    r,
    root.ops,
    declaredFileNames(root.files),
    limits.maxOps,
  );
  if (files !== null && ops !== null) checkBudgets(r, files, ops, limits);
  if (filesystem === 'xfs' && files !== null && ops !== null)
    checkXfsScenario(r, root, files, ops, {
      sectorSize: geometry.sectorSize,
      deviceSize: geometry.deviceSize,
    });
  else if (files !== null) checkBtrfsFiles(r, files);

  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  const g = completeGeometry(geometry);
  if (
    id === null ||
    title === null ||
    description === null ||
    kernelFacts === null ||
    variants === null ||
    filesystem === null ||
    seed === null ||
    g === null ||
    usedByOthers === null ||
    dataFree === null ||
    dirtyLimit === null ||
    files === null ||
    ops === null
  )
    throw new InvariantError(
      'validateScenario: a field was rejected without an error',
    );
  return {
    ok: true,
    scenario: {
      id,
      title,
      description,
      ...(kernelFacts === undefined ? {} : { kernelFacts }),
      variants,
      ...(filesystem === 'xfs' ? { filesystem } : {}),
      seed,
      geometry: g,
      space: {
        dataUsedByOthers: usedByOthers,
        ...(dataFree === undefined ? {} : { dataFree }),
        ...(dirtyLimit === undefined ? {} : { dirtyLimit }),
      },
      files,
      ops,
    },
  };
}

/**
 * Parses JSON text and validates it; a syntax error becomes one error at path `(json)`. A leading byte order
 * mark (which some editors write) is skipped, as a JSON reader may.
 */
export function parseScenarioJson(
  text: string,
  limits: ScenarioLimits = SCENARIO_LIMITS,
): ValidationResult {
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [{ path: '(json)', message }] };
  }
  return validateScenario(value, limits);
}

/** Errors listed in full by formatScenarioErrors; the rest are counted. */
const MAX_LISTED_ERRORS = 20;

/** One line per error: `path: message`, the first 20, then how many more there are. */
export function formatScenarioErrors(
  errors: readonly ScenarioFieldError[],
): string {
  const more = errors.length - MAX_LISTED_ERRORS;
  return [
    ...errors.slice(0, MAX_LISTED_ERRORS).map((e) => `${e.path}: ${e.message}`),
    ...(more > 0 ? [`... and ${String(more)} more errors`] : []),
  ].join('\n');
}

/** The names files declare, valid or not, so a bad file does not also fail every op that names it. */
function declaredFileNames(files: unknown): ReadonlySet<string> {
  const names = new Set<string>();
  if (Array.isArray(files))
    for (const f of files as readonly unknown[])
      if (isRecord(f) && typeof f.name === 'string') names.add(f.name);
  return names;
}

function readSeed(r: Report, v: unknown): number | null {
  if (v === undefined) return 1;
  if (
    typeof v === 'number' &&
    Number.isSafeInteger(v) &&
    v >= 0 &&
    v <= MAX_SEED
  )
    return v;
  // The generator keeps 32 bits of state: a larger seed would silently run as another one.
  return r.add(
    'seed',
    `must be a non-negative integer of at most ${String(MAX_SEED)} (32 bits), got ${show(v)}`,
  );
}

// ---- geometry, variants ----

type GeometryDraft = { readonly [K in keyof Geometry]: number | null };

function readGeometry(r: Report, input: unknown): GeometryDraft {
  if (isRecord(input))
    for (const [field, why] of Object.entries(RETIRED_GEOMETRY))
      if (field in input) r.add(`geometry.${field}`, why);
  const g = record(
    r,
    input === undefined ? {} : input,
    'geometry',
    'geometry',
    [...GEOMETRY_FIELDS, ...Object.keys(RETIRED_GEOMETRY)],
  );
  if (g === null)
    return {
      pageSize: null,
      sectorSize: null,
      nodeSize: null,
      deviceSize: null,
    };
  const at = 'geometry';
  const pageSize = powerOfTwo(
    r,
    sizeOr(r, g, 'pageSize', at, 4096),
    'geometry.pageSize',
    4 * KiB,
    64 * KiB,
  );
  const sectorSize = powerOfTwo(
    r,
    sizeOr(r, g, 'sectorSize', at, 4096),
    'geometry.sectorSize',
    512,
    pageSize ?? 64 * KiB,
  );
  const nodeSize = powerOfTwo(
    r,
    sizeOr(r, g, 'nodeSize', at, 16 * KiB),
    'geometry.nodeSize',
    sectorSize ?? 512,
    64 * KiB,
  );
  let deviceSize = sizeOr(r, g, 'deviceSize', at, 64 * MiB);
  if (
    deviceSize !== null &&
    (deviceSize < MIN_IMAGE_BYTES || deviceSize > MAX_IMAGE_BYTES)
  )
    deviceSize = r.add(
      'geometry.deviceSize',
      `must be from ${bytes(MIN_IMAGE_BYTES)} to ${bytes(MAX_IMAGE_BYTES)}, got ${bytes(deviceSize)}`,
    );
  return { pageSize, sectorSize, nodeSize, deviceSize };
}

function completeGeometry(g: GeometryDraft): Geometry | null {
  // Every field was checked; any null means its error is already reported.
  return Object.values(g).includes(null) ? null : (g as Geometry);
}

function powerOfTwo(
  r: Report,
  n: number | null,
  path: string,
  min: number,
  max: number,
): number | null {
  if (n === null) return null;
  if (n >= min && n <= max && (n & (n - 1)) === 0) return n;
  return r.add(
    path,
    `must be a power of two from ${bytes(min)} to ${bytes(max)}, got ${bytes(n)}`,
  );
}

function readVariants(r: Report, input: unknown): readonly VariantId[] | null {
  if (input === undefined) return VARIANT_IDS;
  const items = list(r, input, 'variants', 'design ids');
  if (items === null) return null;
  if (items.length === 0)
    return r.add(
      'variants',
      `must name at least one design (${VARIANT_IDS.join(', ')})`,
    );
  const out: VariantId[] = [];
  const before = r.errors.length;
  for (const [i, v] of items.entries()) {
    const path = `variants[${String(i)}]`;
    const known = VARIANT_IDS.find((id) => id === v);
    if (known === undefined)
      r.add(
        path,
        `${show(v)} is not a design (expected one of: ${VARIANT_IDS.join(', ')})`,
      );
    else if (out.includes(known)) r.add(path, `duplicate design ${show(v)}`);
    else out.push(known);
  }
  return r.errors.length > before ? null : out;
}
