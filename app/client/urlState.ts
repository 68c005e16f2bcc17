// The shareable view in the address bar: the store's view written as a link (shareLink.ts; an inline scenario
// in the fragment), and read back at startup. Links of the older form (`?json=`) still open, and are rewritten.
// The same link is kept in localStorage so a bare visit restores the last view. Writes are throttled
// (playback moves the cursor many times a second) and keep the walkthrough's own keys, which its module writes.

import { useAppStore } from '../store/appStore.ts';
import type { AppState } from '../store/appStore.ts';
import {
  compress,
  fragmentParams,
  parseView,
  splitLink,
  VIEW_KEYS,
  viewLink,
  type ViewParams,
} from './shareLink.ts';

const STORAGE_KEY = 'iomap-explorer.view';
const WRITE_DELAY_MS = 250;
/** Keys another module owns (the walkthrough reads and writes them itself): kept as they are. */
const KEPT_KEYS = ['walkthrough', 'stop'];

/** A tutorial link (`?tutorial=<id>&checkpoint=<n>`, n from 1), or null. */
export function tutorialLink(
  search: string,
): { readonly id: string; readonly checkpoint: string | null } | null {
  const q = new URLSearchParams(search);
  const id = q.get('tutorial');
  return id === null ? null : { id, checkpoint: q.get('checkpoint') };
}

/** The tutorial to open at startup: the URL's link, else (when the URL names no view or walkthrough) the last one saved. */
export function startingTutorial(): ReturnType<typeof tutorialLink> {
  const fromUrl = tutorialLink(location.search);
  if (fromUrl !== null) return fromUrl;
  const q = new URLSearchParams(location.search);
  const asked = [...q.keys(), ...fragmentParams(location.hash).keys()];
  if (asked.some((k) => [...VIEW_KEYS, ...KEPT_KEYS].includes(k))) return null;
  return tutorialLink(
    splitLink(localStorage.getItem(STORAGE_KEY) ?? '').search,
  );
}

/** A first visit with nothing to restore: no view, tutorial or walkthrough in the URL and no saved view. */
export function isBareVisit(search: string, hash: string): boolean {
  const keys = [
    ...new URLSearchParams(search).keys(),
    ...fragmentParams(hash).keys(),
  ];
  const asked = [...VIEW_KEYS, 'tutorial', 'checkpoint', ...KEPT_KEYS];
  return (
    !keys.some((k) => asked.includes(k)) &&
    localStorage.getItem(STORAGE_KEY) === null
  );
}

/** The view to start with: the URL's, else the last one saved, else null (the defaults). */
export async function initialView(): Promise<ViewParams | null> {
  const fromUrl = await parseView(location.search, location.hash);
  if (fromUrl !== null) return fromUrl;
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === null) return null;
  const { search, hash } = splitLink(saved);
  return parseView(search, hash);
}

const packedCache = new Map<string, string>();

/** Compresses like `compress`, remembering the last scenario (the URL is rewritten at every step). */
async function packCached(json: string): Promise<string> {
  let packed = packedCache.get(json);
  if (packed === undefined) {
    packed = await compress(json);
    packedCache.clear();
    packedCache.set(json, packed);
  }
  return packed;
}

async function linkOf(
  s: AppState,
): Promise<{ readonly query: string; readonly fragment: string } | null> {
  if (s.primary.kind !== 'ready') return null;
  return viewLink(
    {
      source: s.source,
      variant: s.variant,
      compareVariant: s.compareVariant,
      cut: s.cut,
      step: s.cursor,
      tutorial: s.tutorial,
    },
    packCached,
  );
}

/** `query` with the kept keys of the current URL added back. */
function withKeptKeys(query: string): string {
  const current = new URLSearchParams(location.search);
  const q = new URLSearchParams(query);
  for (const k of KEPT_KEYS) {
    const v = current.get(k);
    if (v !== null) q.set(k, v);
  }
  return `?${q.toString()}`;
}

export interface UrlWriter {
  /** Writes any pending change now. */
  flush(): Promise<void>;
}

export function startUrlWriter(): UrlWriter {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();
  const write = () => {
    timer = null;
    // Not while playing: the cursor moves many times a second (history.replaceState alone took 7% of the
    // main thread while the bench played its large file). Play stopping writes the step it stopped on.
    if (useAppStore.getState().playing) return;
    writing = writing.then(async () => {
      const link = await linkOf(useAppStore.getState());
      if (link === null) return;
      const url = `${withKeptKeys(link.query)}${link.fragment}`;
      if (url === `${location.search}${location.hash}`) return;
      history.replaceState(null, '', url);
      localStorage.setItem(STORAGE_KEY, `${link.query}${link.fragment}`);
    });
  };
  useAppStore.subscribe((s, prev) => {
    if (
      s.primary === prev.primary &&
      s.cursor === prev.cursor &&
      s.source === prev.source &&
      s.cut === prev.cut &&
      s.variant === prev.variant &&
      s.compareVariant === prev.compareVariant &&
      s.tutorial === prev.tutorial &&
      s.playing === prev.playing
    )
      return;
    timer ??= setTimeout(write, WRITE_DELAY_MS);
  });
  return {
    async flush() {
      if (timer !== null) {
        clearTimeout(timer);
        write();
      }
      await writing;
    },
  };
}
