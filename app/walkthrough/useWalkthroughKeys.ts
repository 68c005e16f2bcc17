// The walkthrough's keys while a chapter is open: [ and ] for the previous and next stop, { and } for the
// previous and next chapter. Ignored while typing and with Ctrl, Alt or Meta held; the app's own keys
// (arrows, Space, Home/End, +/-) are untouched.

import { useEffect } from 'react';

export interface WalkthroughKeyActions {
  readonly prevStop: () => void;
  readonly nextStop: () => void;
  readonly prevChapter: () => void;
  readonly nextChapter: () => void;
}

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

export function useWalkthroughKeys(
  enabled: boolean,
  actions: WalkthroughKeyActions,
): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const action = {
        '[': actions.prevStop,
        ']': actions.nextStop,
        '{': actions.prevChapter,
        '}': actions.nextChapter,
      }[e.key];
      if (action === undefined) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [enabled, actions]);
}
