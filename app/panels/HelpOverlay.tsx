// The keyboard shortcuts and a short guide, opened with "?" or the Help button.

import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/appStore.ts';

const KEYS: readonly [string, string][] = [
  ['Space', 'play / pause'],
  ['→ / ←', 'step forward / back one event'],
  ['Shift+→ / Shift+←', 'step over a kernel function call (forward / back)'],
  ['Shift+↑', 'step out of the current kernel function'],
  ['PageDown / PageUp', 'next / previous operation'],
  ['Home / End', 'jump to the start / the end'],
  ['+ / −', 'faster / slower playback'],
  ['?', 'open this help; Esc closes it'],
];

export function HelpOverlay() {
  const open = useAppStore((s) => s.helpOpen);
  const setUi = useAppStore((s) => s.setUi);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) close.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div
      className="overlay"
      onClick={(e) => {
        if (e.target === e.currentTarget) setUi({ helpOpen: false });
      }}
    >
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        data-testid="help"
      >
        <h2 id="help-title">Keyboard and guide</h2>
        <dl className="keys">
          {KEYS.map(([k, what]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{k}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <h3>Reading the panels</h3>
        <p>
          Every step is one event of the simulated kernel. The narration says
          why it happens; the call stack shows the kernel functions it happens
          in. The page cache shows each page’s flags (L U D W P O) and per-block
          uptodate/dirty bits; the dashed box is the operation’s byte range. The
          iomap panel draws the mapping {'->'}iomap_begin returned and, for
          read-modify-write, the srcmap the old data is read from (the arrow
          runs from the disk to the page). The extents panel shows
          extent-io-tree bits, ordered extents, file extent items and the disk
          extents they point at. Reservations show the data and metadata
          space_info counters.
        </p>
        <button
          ref={close}
          type="button"
          onClick={() => {
            setUi({ helpOpen: false });
          }}
        >
          Close
        </button>
      </div>
    </div>
  );
}
