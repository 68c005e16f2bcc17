// The app's Vite config plus the bench's OPFS harness page as a second entry, so one production build
// serves both the UI measurements and the OPFS worker (and gives the initial JS size).

import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vite';
import appConfig from '../../vite.config.ts';
import { BENCH_PORT } from './port.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default mergeConfig(appConfig, {
  root,
  build: {
    // The bench reads sizes, not stack traces: no source maps.
    sourcemap: false,
    rollupOptions: {
      input: {
        main: `${root}index.html`,
        opfs: `${root}bench/browser/opfs.html`,
      },
    },
  },
  preview: { host: '127.0.0.1', port: BENCH_PORT, strictPort: true },
});
