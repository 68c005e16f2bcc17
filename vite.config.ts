import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { contentSecurityPolicy } from './scripts/cspPlugin.ts';
import { offlineCache } from './scripts/offlinePlugin.ts';
import { preloadPage } from './scripts/preloadPagePlugin.ts';

const engine = fileURLToPath(new URL('./engine', import.meta.url));

export default defineConfig({
  // Relative URLs everywhere: dist/ works from any static host, under any path.
  base: './',
  // offlineCache: sw.js, so the built app keeps working offline once loaded (app/offline/);
  // contentSecurityPolicy: the built index.html's CSP meta tag (build only: hot reload needs inline scripts);
  // preloadPage: modulepreload links for the page the entry imports once it has started the engine worker.
  plugins: [react(), contentSecurityPolicy(), preloadPage(), offlineCache()],
  resolve: {
    alias: [
      { find: /^@engine$/, replacement: `${engine}/index.ts` },
      { find: /^@engine\/(.*)$/, replacement: `${engine}/$1` },
    ],
  },
  // The browser tests set IOMAP_E2E: no hot reload, so an edit made while they run cannot reload a page mid-test.
  server: {
    host: '127.0.0.1',
    port: 5173,
    ...(process.env.IOMAP_E2E === '1' ? { hmr: false, watch: null } : {}),
  },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  // Pre-bundle every dependency up front so the dev server never reloads the page mid-session.
  optimizeDeps: {
    include: [
      'react',
      'react-dom',
      'react-dom/client',
      'react/jsx-dev-runtime',
      'zustand',
      'zustand/shallow',
      'd3',
    ],
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      // The engine is pure (DESIGN.md): importing one of its modules does nothing but define exports, so the
      // page's bundle keeps only what the UI uses (the worker, built on its own, holds the simulation).
      treeshake: {
        moduleSideEffects: [
          { test: /[\\/]engine[\\/]host[\\/]/, sideEffects: true },
          { test: /[\\/]engine[\\/]/, sideEffects: false },
        ],
      },
    },
  },
});
