// Registers the offline service worker (serviceWorker.ts) in a production build. The dev server has none: its
// modules change on every edit, and a cache in front of them would show stale code.

/** Starts the service worker from beside the page, so it works under whatever path the app is hosted. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
    // Offline use is an extra: the app runs without it (e.g. on a host that is not https or localhost).
    console.warn('iomap-explorer: no offline support:', error);
  });
}
