// Servers some specs start for themselves, each on a free port (so parallel checkouts never collide): the
// Vite dev server `npm start` runs, and a plain static file server for the built site under any path.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { createServer as createViteServer } from 'vite';

export interface Running {
  /** The address to open, ending in '/'. */
  readonly url: string;
  close(): Promise<void>;
}

const root = new URL('..', import.meta.url).pathname;

/** The dev server of this checkout (vite.config.ts), without hot reload, on a free port. */
export async function startDevServer(): Promise<Running> {
  const server = await createViteServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('the dev server reported no address');
  return { url, close: () => server.close() };
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/**
 * Serves `dir` (the build) under `prefix` ("/some/path/"), as any static host would: files by path, the
 * directory's index.html for the prefix itself, 404 for anything else.
 */
export async function serveStatic(
  dir: string,
  prefix: string,
): Promise<Running> {
  const server = createHttpServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    const inside = path.startsWith(prefix)
      ? normalize(path.slice(prefix.length))
      : null;
    const file =
      inside === null || inside.startsWith('..')
        ? null
        : join(dir, inside === '.' || inside === '' ? 'index.html' : inside);
    if (file === null || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}${prefix}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
