// Share links, as text: what the URL's query and fragment hold for a view, and back. An inline scenario goes
// in the fragment (`#json=`, deflate-raw + base64url), which a browser never sends to a server; links of the
// older form (`?json=`) still read. Pure (no store, no location), so it is unit-tested in Node.

import { DESIGN_IDS, type DesignId } from '@engine';
import type { CutRequest, ScenarioSource } from '@engine/protocol';

/** The query and fragment keys a view is made of. */
export const VIEW_KEYS = [
  'scenario',
  'json',
  'design',
  'compare',
  'cut',
  'step',
];

export interface ViewParams {
  readonly source?: ScenarioSource;
  readonly variant?: DesignId;
  readonly compareVariant?: DesignId | null;
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
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(stream);
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

/**
 * The most text a link's scenario may hold once decompressed (a scenario at the op limit is well under it):
 * a 1 MiB link of deflated zeros would otherwise grow to 1 GiB in the browser.
 */
export const MAX_LINK_JSON_BYTES = 4 * 1024 * 1024;

/** Why a link's scenario was not read: the page shows the sentence (as a scenario that fails to parse). */
export class LinkTooLargeError extends Error {}

/** The link's scenario text; stops reading (and throws LinkTooLargeError) past MAX_LINK_JSON_BYTES. */
export async function decompress(text: string): Promise<string> {
  const reader = new Blob([fromBase64Url(text) as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    total += r.value.length;
    if (total > MAX_LINK_JSON_BYTES) {
      await reader.cancel();
      throw new LinkTooLargeError(
        `(the link’s scenario is over ${String(MAX_LINK_JSON_BYTES / 1024 / 1024)} MiB once decompressed; save the scenario as a file and open that instead)`,
      );
    }
    chunks.push(r.value);
  }
  return new TextDecoder().decode(
    await new Blob(chunks as Uint8Array<ArrayBuffer>[]).arrayBuffer(),
  );
}

function variantParam(v: string | null): DesignId | undefined {
  return v !== null && (DESIGN_IDS as readonly string[]).includes(v)
    ? (v as DesignId)
    : undefined;
}

/** The inline scenario of a link: the fragment's `json` (this version's links), else the query's (older ones). */
function packedScenario(q: URLSearchParams, f: URLSearchParams): string | null {
  return f.get('json') ?? q.get('json');
}

/** `#json=...` and the like as parameters (an empty or absent fragment has none). */
export function fragmentParams(hash: string): URLSearchParams {
  return new URLSearchParams(hash.replace(/^#/, ''));
}

/**
 * Reads a view from a link's query and fragment; a corrupt inline scenario becomes an inline source that
 * fails validation (so the page says why instead of silently showing something else).
 */
export async function parseView(
  search: string,
  hash = '',
): Promise<ViewParams | null> {
  const q = new URLSearchParams(search);
  const f = fragmentParams(hash);
  if (![...q.keys(), ...f.keys()].some((k) => VIEW_KEYS.includes(k)))
    return null;
  let source: ScenarioSource | undefined;
  const id = q.get('scenario');
  const packed = packedScenario(q, f);
  if (packed !== null) {
    try {
      source = { kind: 'inline', json: await decompress(packed) };
    } catch (error) {
      source = {
        kind: 'inline',
        json:
          error instanceof LinkTooLargeError
            ? error.message
            : '(the link’s scenario could not be decompressed)',
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

/** A saved link (`?query#fragment`) as its query and its fragment. */
export function splitLink(link: string): { search: string; hash: string } {
  const at = link.indexOf('#');
  return at < 0
    ? { search: link, hash: '' }
    : { search: link.slice(0, at), hash: link.slice(at) };
}

/** What a link holds: the view's parts, as the store has them. */
export interface LinkedView {
  readonly source: ScenarioSource;
  readonly variant: DesignId;
  readonly compareVariant: DesignId | null;
  readonly cut: CutRequest | null;
  readonly step: number;
  readonly tutorial: {
    readonly id: string;
    readonly checkpoint: number;
  } | null;
}

/** The link to a view: its query, and the fragment that carries an inline scenario (compressed) or ''. */
export async function viewLink(
  view: LinkedView,
  pack: (json: string) => Promise<string> = compress,
): Promise<{ readonly query: string; readonly fragment: string }> {
  const q = new URLSearchParams();
  let fragment = '';
  if (view.source.kind === 'builtin') q.set('scenario', view.source.id);
  else
    fragment = `#${new URLSearchParams({ json: await pack(view.source.json) }).toString()}`;
  q.set('design', view.variant);
  if (view.compareVariant !== null) q.set('compare', view.compareVariant);
  if (view.cut !== null) {
    q.set('cut', String(view.cut.event));
    if (view.cut.seed !== undefined) q.set('cutseed', String(view.cut.seed));
  }
  q.set('step', String(view.step));
  if (view.tutorial !== null) {
    q.set('tutorial', view.tutorial.id);
    q.set('checkpoint', String(view.tutorial.checkpoint + 1));
  }
  return { query: `?${q.toString()}`, fragment };
}
