// Proves the layering rules in eslint.config.js fire: the engine stays a pure, deterministic island, its
// zones (scripts/layeringZones.mjs) point one way and its import graph has no cycles, and the app reaches it
// only through its public entry, the protocol and the worker.
import { readdirSync, readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { importCycles, importEdges, tsFiles } from './layeringGraph.ts';
import { forbiddenFor, ZONES, zoneOf, type Zone } from './layeringZones.mjs';

const ROOT = new URL('..', import.meta.url).pathname;

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: [
    { files: ['**/*.ts', '**/*.tsx'], ...tseslint.configs.disableTypeChecked },
  ],
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map(
    (m) => `${m.ruleId ?? 'parse'}: ${m.message}`,
  );
}

describe('layering lint rules', () => {
  it('forbid UI libraries and the app in engine/', async () => {
    const messages = await ruleIds(
      'engine/core/probe.ts',
      "import { useState } from 'react';\nimport { select } from 'd3';\nimport { create } from 'zustand';\nimport { App } from '../../app/App.tsx';\nexport const all = [useState, select, create, App];\n",
    );
    expect(
      messages.filter((m) => m.startsWith('no-restricted-imports')),
    ).toHaveLength(4);
  });

  it('forbid wall clocks, Math.random and timers in engine/', async () => {
    const messages = await ruleIds(
      'engine/core/probe.ts',
      'export const a = Math.random() + Date.now() + performance.now();\nsetTimeout(() => a, 1);\nsetInterval(() => a, 1);\nexport const d = new Date();\n',
    );
    expect(
      messages.filter((m) =>
        /no-restricted-(properties|globals|syntax)/.test(m),
      ).length,
    ).toBeGreaterThanOrEqual(6);
  });

  it('let app/ import only @engine, @engine/protocol and the worker entry', async () => {
    const bad = await ruleIds(
      'app/probe.ts',
      "import { crc32c } from '../engine/core/crc32c.ts';\nimport { OpfsDisk } from '@engine/disk/opfsDisk';\nexport const all = [crc32c, OpfsDisk];\n",
    );
    expect(
      bad.filter((m) => m.startsWith('no-restricted-imports')),
    ).toHaveLength(2);
    const good = await ruleIds(
      'app/probe.ts',
      "import { formatSize } from '@engine';\nimport { PROTOCOL_VERSION } from '@engine/protocol';\nimport W from '@engine/host/worker?worker';\nexport const all = [formatSize, PROTOCOL_VERSION, W];\n",
    );
    expect(good.filter((m) => m.startsWith('no-restricted-imports'))).toEqual(
      [],
    );
  });
});

/** A file of `zone` (nested one folder down when `nested`) and how it spells an import of zone `target`. */
function probe(
  zone: Zone,
  nested: boolean,
): {
  path: string;
  specifier: (target: string) => string;
} {
  const up = zone.kind === 'file' ? './' : nested ? '../../' : '../';
  const path =
    zone.kind === 'file'
      ? `engine/${zone.name}.ts`
      : `engine/${zone.name}/${nested ? 'sub/' : ''}probe.ts`;
  return {
    path,
    specifier: (target) => {
      const t = ZONES.find((z) => z.name === target);
      return t?.kind === 'file'
        ? `${up}${target}.ts`
        : `${up}${target}/probe.ts`;
    },
  };
}

const zoneErrors = (messages: string[]): string[] =>
  messages.filter(
    (m) =>
      m.startsWith('no-restricted-imports') && m.includes('may import only'),
  );

describe('engine zones', () => {
  it('are declared bottom-up: each zone uses only zones listed before it', () => {
    const names = ZONES.map((z) => z.name);
    expect(new Set(names).size).toBe(names.length);
    for (const [i, zone] of ZONES.entries())
      for (const used of zone.uses)
        expect(names.slice(0, i), `${zone.name} uses ${used}`).toContain(used);
    // The order the issue names: pagecache <- iomap <- {btrfs, xfs} <- variants <- sim <- {check, host, cli}.
    const rank = (name: string): number => names.indexOf(name);
    for (const [lower, upper] of [
      ['disk', 'btrfs'],
      ['pagecache', 'iomap'],
      ['iomap', 'btrfs'],
      ['iomap', 'xfs'],
      ['btrfs', 'variants'],
      ['xfs', 'variants'],
      ['variants', 'sim'],
      ['oracle', 'sim'],
      ['sim', 'check'],
      ['sim', 'host'],
      ['sim', 'cli'],
    ] as const)
      expect(rank(lower), `${lower} below ${upper}`).toBeLessThan(rank(upper));
    expect(
      forbiddenFor(ZONES.find((z) => z.name === 'btrfs') as Zone),
    ).toContain('xfs');
  });

  it('are the table of docs/architecture.md#layers, row for row', () => {
    const doc = readFileSync(`${ROOT}docs/architecture.md`, 'utf8');
    const rows = [
      ...doc.matchAll(/^\| `([a-z]+)(?:\/|\.ts)`[^|]*\| ([^|]*?) +\|/gm),
    ].map(
      ([, name, uses]) => `${name ?? ''}: ${uses === '—' ? '' : (uses ?? '')}`,
    );
    expect(rows).toEqual(ZONES.map((z) => `${z.name}: ${z.uses.join(', ')}`));
  });

  it('cover every folder and root file of engine/', () => {
    const entries = readdirSync(`${ROOT}engine`, { withFileTypes: true });
    const unzoned = entries
      .filter((e) => e.isDirectory() || e.name.endsWith('.ts'))
      .map((e) => `engine/${e.name}${e.isDirectory() ? '/x.ts' : ''}`)
      .filter((path) => zoneOf(path) === null);
    expect(unzoned).toEqual([]);
  });

  it.each(ZONES.map((z) => [z.name, z] as const))(
    'lint engine/%s: every import of a zone it does not use is an error, one it uses is not',
    async (_name, zone) => {
      for (const nested of zone.kind === 'folder' ? [false, true] : [false]) {
        const { path, specifier } = probe(zone, nested);
        const bad = forbiddenFor(zone);
        const code = [...bad, ...zone.uses]
          .map((target) => `import '${specifier(target)}';`)
          .join('\n');
        const errors = zoneErrors(await ruleIds(path, `${code}\n`));
        expect(errors, path).toHaveLength(bad.length);
        for (const [i, target] of bad.entries())
          expect(errors[i], target).toContain(`'${specifier(target)}'`);
      }
    },
  );

  it('hold in the import graph of engine/ (tests aside, which drive the whole stack)', () => {
    const files = tsFiles(ROOT, 'engine').filter(
      (f) => !f.endsWith('.test.ts'),
    );
    const edges = importEdges(ROOT, files);
    expect(edges.length).toBeGreaterThan(500);
    const crossings = edges.filter(
      (e) => zoneOf(e.from)?.name !== zoneOf(e.to)?.name,
    );
    expect(crossings.length).toBeGreaterThan(100);
    const violations = crossings
      .filter((e) => {
        const from = zoneOf(e.from);
        const to = zoneOf(e.to);
        return from === null || to === null || !from.uses.includes(to.name);
      })
      .map((e) => `${e.from} -> ${e.to}`);
    expect(violations).toEqual([]);
  });

  it('leave the engine without import cycles, type-only imports and tests included', () => {
    const edges = importEdges(ROOT, tsFiles(ROOT, 'engine'));
    expect(importCycles(edges)).toEqual([]);
    // The detector itself finds a planted circle.
    expect(
      importCycles([
        ...edges,
        { from: 'engine/btrfs/fs.ts', to: 'engine/btrfs/writeback.ts' },
      ]).length,
    ).toBeGreaterThan(0);
  });
});
