// Where the fixtures live and how the checks load them (one JSON file per fixture id).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fixture } from './fixture.ts';

export const FIXTURES_DIR = join(
  fileURLToPath(new URL('.', import.meta.url)),
  'fixtures',
);

/** The fixture file of an id ("S8-shared" -> "S8-shared.json"). */
export function fixtureFileName(id: string): string {
  return `${id}.json`;
}

/** Every fixture in the folder, by file name order. */
export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map(
      (f) => JSON.parse(readFileSync(join(FIXTURES_DIR, f), 'utf8')) as Fixture,
    );
}
