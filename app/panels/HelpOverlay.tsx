// The keyboard shortcuts and a short guide, opened with "?" or the Help button: a native modal <dialog>
// (showModal keeps the focus inside and makes the page behind it inert; Esc closes it). The keys listed
// are the key table's own (app/client/keyTable.ts), the one the handler uses.

import { useEffect, useRef } from 'react';
import { KEY_TABLE, type KeyGroup } from '../client/keyTable.ts';
import { useAppStore } from '../store/appStore.ts';

const GROUPS: readonly KeyGroup[] = [
  'Playback',
  'Timeline',
  'Walkthrough (while a chapter is open)',
  'Help',
];

export function HelpOverlay() {
  const open = useAppStore((s) => s.helpOpen);
  const setUi = useAppStore((s) => s.setUi);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d === null) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="help-title"
      data-testid="help"
      onClose={() => {
        setUi({ helpOpen: false });
      }}
      onClick={(e) => {
        // A click on the backdrop (outside the dialog's box) closes it.
        if (e.target === e.currentTarget) {
          const r = e.currentTarget.getBoundingClientRect();
          const inside =
            e.clientX >= r.left &&
            e.clientX <= r.right &&
            e.clientY >= r.top &&
            e.clientY <= r.bottom;
          if (!inside) setUi({ helpOpen: false });
        }
      }}
    >
      <h2 id="help-title">Keyboard and guide</h2>
      {GROUPS.map((group) => (
        <section key={group} aria-label={group}>
          <h3>{group}</h3>
          <dl className="keys">
            {KEY_TABLE.filter((b) => b.group === group).map((b) => (
              <div key={b.command} style={{ display: 'contents' }}>
                <dt>
                  <kbd>{b.label}</kbd>
                </dt>
                <dd>{b.does}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <p className="hint">
        On the timeline&apos;s tracks (Tab to them): <kbd>←</kbd> <kbd>→</kbd>{' '}
        the previous or next span of a track, <kbd>↑</kbd> <kbd>↓</kbd> another
        track, <kbd>Enter</kbd> goes to it. With the mouse: hover for details,
        the wheel zooms, dragging pans, a click goes there.
      </p>
      <p className="hint">
        Keys never act inside a form field: after choosing in a list, the
        keyboard returns to the stage.
      </p>
      <h3>Reading the panels</h3>
      <p>
        Every step is one event of the simulated kernel. The narration says why
        it happens; the call stack shows the kernel functions it happens in. The
        page cache shows each page’s flags (L U D W P O) and per-block
        uptodate/dirty bits; the dashed box is the operation’s byte range. The
        iomap panel draws the mapping {'->'}iomap_begin returned and, for
        read-modify-write, the srcmap the old data is read from (the arrow runs
        from the disk to the page). The extents panel shows extent-io-tree bits,
        ordered extents, file extent items and the disk extents they point at.
        Reservations show the data and metadata space_info counters.
      </p>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
