#!/usr/bin/env node
// The `iomap-explorer` command. Installed from the package it runs the CLI compiled at pack time
// (lib/cli, scripts/buildCli.mjs); in a checkout, where the TypeScript sources are, it runs them through
// tsx, so no build step is needed and an old build is never picked up by mistake. (It stays at this path:
// npx caches a link to a checkout's bin, and a moved bin would leave existing links dangling.)
import { existsSync } from 'node:fs';

const sources = new URL('./main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else ({ main } = await import('../../lib/cli/main.js'));
process.exitCode = await main(process.argv.slice(2));
