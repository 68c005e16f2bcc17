// The engine's layers: each zone (a folder of engine/, or a root file) with the zones below it that it may
// import, made lint rules by eslint.config.js and proven by scripts/layering.test.ts. One rule: a zone uses
// only zones listed before it, so every import points one way (tests, which drive the whole stack, are exempt).

/**
 * @typedef {object} Zone
 * @property {string} name the folder under engine/ (or the root file's name without .ts)
 * @property {'folder' | 'file'} kind a folder of engine/ or a file at engine/'s root
 * @property {string[]} uses the zones it may import, each listed before it
 * @property {string} why what the zone is, for the lint message and docs/architecture.md
 */

/** @type {Zone[]} Bottom first. */
export const ZONES = [
  {
    name: 'core',
    kind: 'folder',
    uses: [],
    why: 'errno results, assertions, units, the seeded rng, crc32c',
  },
  {
    name: 'disk',
    kind: 'folder',
    uses: ['core'],
    why: 'block devices, the write cache and the on-disk format (bytes <-> items and nodes)',
  },
  {
    name: 'scenario',
    kind: 'folder',
    uses: ['core', 'disk'],
    why: 'the scenario format, its validation, the built-ins, fsx logs and what files hold at the start',
  },
  {
    name: 'trace',
    kind: 'folder',
    uses: ['core', 'scenario'],
    why: 'the recorder, its records and events, and what reads them back',
  },
  {
    name: 'pagecache',
    kind: 'folder',
    uses: ['core', 'scenario', 'trace'],
    why: 'pages and the address space',
  },
  {
    name: 'iomap',
    kind: 'folder',
    uses: ['core', 'scenario', 'trace', 'pagecache'],
    why: 'the iomap core; it reaches its filesystem only through iomap/host.ts',
  },
  {
    name: 'btrfs',
    kind: 'folder',
    uses: ['core', 'disk', 'scenario', 'trace', 'pagecache', 'iomap'],
    why: 'the btrfs model, one host of the iomap core',
  },
  {
    name: 'xfs',
    kind: 'folder',
    uses: ['core', 'disk', 'scenario', 'trace', 'pagecache', 'iomap'],
    why: 'the XFS model (issue 16), a host of the iomap core beside btrfs; neither imports the other',
  },
  {
    name: 'variants',
    kind: 'folder',
    uses: ['core', 'scenario', 'trace', 'pagecache', 'iomap', 'btrfs', 'xfs'],
    why: 'the designs under review, each a write path over a filesystem',
  },
  {
    name: 'oracle',
    kind: 'folder',
    uses: ['core', 'scenario', 'trace', 'pagecache', 'btrfs', 'xfs'],
    why: 'the data and durability oracles the simulation consults after each operation',
  },
  {
    name: 'sim',
    kind: 'folder',
    uses: [
      'core',
      'disk',
      'scenario',
      'trace',
      'pagecache',
      'iomap',
      'btrfs',
      'xfs',
      'variants',
      'oracle',
    ],
    why: 'the simulation: setup, one operation at a time, persistence',
  },
  {
    name: 'check',
    kind: 'folder',
    uses: [
      'core',
      'disk',
      'scenario',
      'trace',
      'pagecache',
      'btrfs',
      'xfs',
      'variants',
      'oracle',
      'sim',
    ],
    why: 'the exerciser, the crash enumerator and fsck, which drive or inspect whole simulations',
  },
  {
    name: 'protocol',
    kind: 'file',
    uses: ['core', 'scenario', 'trace'],
    why: 'the messages between the app and the worker',
  },
  {
    name: 'host',
    kind: 'folder',
    uses: ['core', 'disk', 'scenario', 'trace', 'sim', 'check', 'protocol'],
    why: 'the web worker that runs simulations for the app',
  },
  {
    name: 'cli',
    kind: 'folder',
    uses: [
      'core',
      'disk',
      'scenario',
      'trace',
      'btrfs',
      'xfs',
      'variants',
      'oracle',
      'sim',
      'check',
    ],
    why: 'the command line',
  },
  {
    name: 'index',
    kind: 'file',
    uses: [
      'core',
      'disk',
      'scenario',
      'trace',
      'pagecache',
      'iomap',
      'btrfs',
      'xfs',
      'variants',
      'oracle',
      'sim',
      'check',
      'protocol',
    ],
    why: "the engine's public entry for the app (never the Node-only cli or the worker)",
  },
  {
    name: 'testing',
    kind: 'folder',
    uses: [
      'core',
      'disk',
      'scenario',
      'trace',
      'pagecache',
      'iomap',
      'btrfs',
      'xfs',
      'variants',
      'oracle',
      'sim',
      'check',
      'protocol',
      'cli',
    ],
    why: 'helpers for tests only',
  },
];

/** How the docs and lint messages name a zone: engine/iomap/ or engine/protocol.ts. */
export function zoneLabel(/** @type {Zone} */ zone) {
  return zone.kind === 'folder'
    ? `engine/${zone.name}/`
    : `engine/${zone.name}.ts`;
}

/** The engine files a zone covers, as eslint `files` globs. */
export function zoneFiles(/** @type {Zone} */ zone) {
  return zone.kind === 'folder'
    ? [`engine/${zone.name}/**/*.ts`]
    : [`engine/${zone.name}.ts`];
}

/** The zones `zone` may not import: every other zone it does not list. */
export function forbiddenFor(/** @type {Zone} */ zone) {
  return ZONES.filter(
    (z) => z.name !== zone.name && !zone.uses.includes(z.name),
  ).map((z) => z.name);
}

/**
 * A regex for the relative import specifiers by which a file of `from` reaches one of `names`: up with ../
 * from a zone folder, or ./ from a root file, to a zone folder or a root file. A subfolder named like a zone
 * would also match; engine/ has none, and the layering test checks the resolved import graph as well.
 */
export function specifierRegex(
  /** @type {Zone} */ from,
  /** @type {string[]} */ names,
) {
  const up = from.kind === 'folder' ? '(\\.\\./)+' : '\\./';
  return `^${up}(${names.join('|')})(/|\\.ts$)`;
}

/** The zone of a path relative to the repository root (engine/...), or null outside the engine's zones. */
export function zoneOf(/** @type {string} */ path) {
  const match = /^engine\/([^/]+)(\/|$)/.exec(path);
  if (match === null) return null;
  const head = match[1] ?? '';
  const name = match[2] === '/' ? head : head.replace(/\.ts$/, '');
  const kind = match[2] === '/' ? 'folder' : 'file';
  return ZONES.find((z) => z.name === name && z.kind === kind) ?? null;
}
