import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const engine = fileURLToPath(new URL('./engine', import.meta.url));

export default defineConfig({
  // The app's import paths, as vite.config.ts resolves them, so app unit tests run against the engine.
  resolve: {
    alias: [
      { find: /^@engine$/, replacement: `${engine}/index.ts` },
      { find: /^@engine\/(.*)$/, replacement: `${engine}/$1` },
    ],
  },
  test: {
    environment: 'node',
    // Generous: tests assert behaviour, never speed, and a loaded 2-core machine can be 10x slower.
    testTimeout: 30_000,
    include: [
      'engine/**/*.test.ts',
      'app/**/*.test.ts',
      'scripts/**/*.test.ts',
      'bench/**/*.test.ts',
      'conformance/**/*.test.ts',
    ],
    // `npm run conformance:long` (vitest.long.config.ts) runs these: minutes to hours each.
    exclude: [...configDefaults.exclude, '**/*.long.test.ts'],
  },
});
