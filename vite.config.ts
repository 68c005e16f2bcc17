import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const engine = fileURLToPath(new URL('./engine', import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@engine$/, replacement: `${engine}/index.ts` },
      { find: /^@engine\/(.*)$/, replacement: `${engine}/$1` },
    ],
  },
  server: { host: '127.0.0.1', port: 5173 },
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
    ],
  },
  build: { target: 'es2022', sourcemap: true },
});
