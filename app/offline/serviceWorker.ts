// The service worker that keeps the app working offline once it has loaded: it caches every file of the
// build at install (the list is written into it at build time), answers pages network-first (so a new
// version shows up when online) and everything else cache-first. Same-origin GETs only; nothing is sent.

/** Written in front of this file by the build (scripts/offlinePlugin.ts): the build's files and their version. */
declare const PRECACHE: {
  readonly version: string;
  readonly files: readonly string[];
};

// WebWorker's lib types `self` as any worker's scope; this script runs as a service worker.
const sw = self as unknown as ServiceWorkerGlobalScope;
// One cache per place the app is hosted and per build: copies under two paths of one host keep their own.
const PREFIX = `iomap-explorer ${sw.registration.scope} `;
const CACHE = `${PREFIX}${PRECACHE.version}`;

/** A build file's URL: relative to where the app is hosted, which is this worker's scope. */
function inScope(file: string): string {
  return new URL(file, sw.registration.scope).href;
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.files.map(inScope));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys())
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

/** The page: from the network when it answers, else the cached copy (whatever the link's query says). */
async function page(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const cached =
      (await caches.match(request, { ignoreSearch: true })) ??
      (await caches.match(inScope('./')));
    if (cached === undefined) throw error;
    return cached;
  }
}

/** A build file: from the cache, else the network (a file not in the build, such as a source map). */
async function file(request: Request): Promise<Response> {
  return (await caches.match(request)) ?? fetch(request);
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (
    request.method !== 'GET' ||
    new URL(request.url).origin !== sw.location.origin
  )
    return;
  event.respondWith(
    request.mode === 'navigate' ? page(request) : file(request),
  );
});
