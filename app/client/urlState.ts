// The shareable view: scenario (built-in id, or inline JSON compressed with deflate-raw + base64url),
// design, compare design, power cut and step live in the URL's query, with the tutorial and checkpoint shown.
// The same query is kept in localStorage so a bare visit restores the last view. Writes are throttled
// (playback moves the cursor many times a second) and keep the walkthrough's own keys, which its module writes.

import { VARIANT_IDS, type VariantId } from '@engine';
import type { CutRequest, ScenarioSource } from '@engine/protocol';
import { useAppStore } from '../store/appStore.ts';
import type { AppState } from '../store/appStore.ts';

const STORAGE_KEY = 'iomap-explorer.view';
const WRITE_DELAY_MS = 250;
const VIEW_KEYS = ['scenario', 'json', 'design', 'compare', 'cut', 'step'];
/** Keys another module owns (the walkthrough reads and writes them itself): kept as they are. */
const KEPT_KEYS = ['walkthrough', 'stop'];

export interface ViewParams {
  readonly source?: ScenarioSource;
  readonly variant?: VariantId;
  readonly compareVariant?: VariantId | null;
  readonly cut?: CutRequest | null;
  readonly step?: number;
}

function wholeParam(text: string | null): number | null {
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text)
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export async function compress(json: string): Promise<string> {
  return toBase64Url(
    await pipe(
      new TextEncoder().encode(json),
      new CompressionStream('deflate-raw'),
    ),
  );
}

export async function decompress(text: string): Promise<string> {
  return new TextDecoder().decode(
    await pipe(fromBase64Url(text), new DecompressionStream('deflate-raw')),
  );
}

function variantParam(v: string | null): VariantId | undefined {
  return v !== null && (VARIANT_IDS as readonly string[]).includes(v)
    ? (v as VariantId)
    : undefined;
}

/** Reads a view from a query string; a corrupt inline scenario becomes an inline source that fails validation. */
export async function parseView(search: string): Promise<ViewParams | null> {
  const q = new URLSearchParams(search);
  if (![...q.keys()].some((k) => VIEW_KEYS.includes(k))) return null;
  let source: ScenarioSource | undefined;
  const id = q.get('scenario');
  const packed = q.get('json');
  if (packed !== null) {
    try {
      source = { kind: 'inline', json: await decompress(packed) };
    } catch {
      source = {
        kind: 'inline',
        json: '(the link’s scenario could not be decompressed)',
      };
    }
  } else if (id !== null) source = { kind: 'builtin', id };
  const step = Number(q.get('step'));
  const compare = q.get('compare');
  const variant = variantParam(q.get('design'));
  const cutEvent = wholeParam(q.get('cut'));
  const cutSeed = wholeParam(q.get('cutseed'));
  const cut: CutRequest | null =
    cutEvent === null
      ? null
      : cutSeed === null
        ? { event: cutEvent }
        : { event: cutEvent, seed: cutSeed };
  return {
    cut,
    ...(source === undefined ? {} : { source }),
    ...(variant === undefined ? {} : { variant }),
    ...(compare === null
      ? {}
      : { compareVariant: variantParam(compare) ?? null }),
    ...(Number.isSafeInteger(step) && step >= 0 ? { step } : {}),
  };
}

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
  if ([...q.keys()].some((k) => [...VIEW_KEYS, ...KEPT_KEYS].includes(k)))
    return null;
  return tutorialLink(localStorage.getItem(STORAGE_KEY) ?? '');
}

/** A first visit with nothing to restore: no view, tutorial or walkthrough in the URL and no saved view. */
export function isBareVisit(search: string): boolean {
  const q = new URLSearchParams(search);
  const asked = [...VIEW_KEYS, 'tutorial', 'checkpoint', ...KEPT_KEYS];
  return (
    ![...q.keys()].some((k) => asked.includes(k)) &&
    localStorage.getItem(STORAGE_KEY) === null
  );
}

/** The view to start with: the URL's, else the last one saved, else null (the defaults). */
export async function initialView(): Promise<ViewParams | null> {
  const fromUrl = await parseView(location.search);
  if (fromUrl !== null) return fromUrl;
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === null ? null : parseView(saved);
}

const packedCache = new Map<string, string>();

async function queryOf(s: AppState): Promise<string | null> {
  if (s.primary.kind !== 'ready') return null;
  const q = new URLSearchParams();
  if (s.source.kind === 'builtin') q.set('scenario', s.source.id);
  else {
    let packed = packedCache.get(s.source.json);
    if (packed === undefined) {
      packed = await compress(s.source.json);
      packedCache.clear();
      packedCache.set(s.source.json, packed);
    }
    q.set('json', packed);
  }
  q.set('design', s.variant);
  if (s.compareVariant !== null) q.set('compare', s.compareVariant);
  if (s.cut !== null) {
    q.set('cut', String(s.cut.event));
    if (s.cut.seed !== undefined) q.set('cutseed', String(s.cut.seed));
  }
  q.set('step', String(s.cursor));
  if (s.tutorial !== null) {
    q.set('tutorial', s.tutorial.id);
    q.set('checkpoint', String(s.tutorial.checkpoint + 1));
  }
  return `?${q.toString()}`;
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
    writing = writing.then(async () => {
      const query = await queryOf(useAppStore.getState());
      if (query === null) return;
      const url = withKeptKeys(query);
      if (url === location.search) return;
      history.replaceState(null, '', url);
      localStorage.setItem(STORAGE_KEY, query);
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
      s.tutorial === prev.tutorial
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
