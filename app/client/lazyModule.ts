// A module of the page loaded on first use (compare, the guides): loading is an action's work, run under
// its idle signal, and React reads the module with useSyncExternalStore (undefined until it has arrived).
// One rule: no render waits on a Suspense boundary, so a view appears in the commit after it lands.

import { useSyncExternalStore } from 'react';

export interface LazyModule<T> {
  /** Starts the download (once) and resolves with the module. */
  readonly load: () => Promise<T>;
  /** The module, once it has arrived. */
  readonly get: () => T | undefined;
  readonly subscribe: (listener: () => void) => () => void;
}

const inFlight = new Set<Promise<unknown>>();

/** Resolves once no module is on its way (the idle signal waits for this too). */
export async function lazyLoadsSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

export function lazyModule<T>(importer: () => Promise<T>): LazyModule<T> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  const listeners = new Set<() => void>();
  return {
    load() {
      if (loading !== undefined) return loading;
      const next = importer().then((m) => {
        loaded = m;
        for (const listener of listeners) listener();
        return m;
      });
      loading = next;
      inFlight.add(next);
      void next.finally(() => inFlight.delete(next));
      return next;
    },
    get: () => loaded,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** The module, or undefined while it has not been loaded (this hook never starts a download). */
export function useLazyModule<T>(m: LazyModule<T>): T | undefined {
  return useSyncExternalStore(m.subscribe, m.get);
}
