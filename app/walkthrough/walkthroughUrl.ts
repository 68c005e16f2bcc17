// The walkthrough's place in the URL: `?walkthrough=<chapter id>&stop=<n>` (n counts from 1). Read at
// start and on history navigation; written with history.replaceState, leaving every other key alone.

export interface WalkthroughLocation {
  readonly chapterId: string;
  /** 0-based index of the stop within the chapter. */
  readonly stop: number;
}

export const WALKTHROUGH_KEY = 'walkthrough';
export const STOP_KEY = 'stop';

export function readWalkthroughLocation(
  search: string,
): WalkthroughLocation | null {
  const q = new URLSearchParams(search);
  const chapterId = q.get(WALKTHROUGH_KEY);
  if (chapterId === null || chapterId === '') return null;
  const n = Number(q.get(STOP_KEY) ?? '1');
  return {
    chapterId,
    stop: Number.isSafeInteger(n) && n >= 1 ? n - 1 : 0,
  };
}

/** The query string with the walkthrough keys set to `location` (or removed when null). */
export function withWalkthroughLocation(
  search: string,
  location: WalkthroughLocation | null,
): string {
  const q = new URLSearchParams(search);
  if (location === null) {
    q.delete(WALKTHROUGH_KEY);
    q.delete(STOP_KEY);
  } else {
    q.set(WALKTHROUGH_KEY, location.chapterId);
    q.set(STOP_KEY, String(location.stop + 1));
  }
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

export function writeWalkthroughLocation(
  location: WalkthroughLocation | null,
): void {
  const search = withWalkthroughLocation(window.location.search, location);
  if (search === window.location.search) return;
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${search}${window.location.hash}`,
  );
}
