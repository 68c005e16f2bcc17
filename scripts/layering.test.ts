// Proves the layering rules in eslint.config.js fire: the engine stays a pure, deterministic island and
// the app reaches it only through its public entry, the protocol and the worker.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
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
