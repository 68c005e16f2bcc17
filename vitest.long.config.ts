// `npm run conformance:long`: the kernel conformance checks too slow for `npm test` (the 4 to 8 MiB fsx
// logs, the 1 GiB fill and the scattered 4 KiB fills), the `*.long.test.ts` files the default config leaves
// out. Spread, not mergeConfig, which would append to the default include and exclude lists.
import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['conformance/**/*.long.test.ts'],
    exclude: configDefaults.exclude,
  },
});
