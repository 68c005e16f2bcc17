// Playback controls: step, step over/out, jump between operations and to the next or previous data loss,
// play/pause, speed, position. One line from 1280 wide up, drawer open or not (styles.css keeps it so).

import { nav } from '../client/navActions.ts';
import { useRun } from '../hooks/useRun.ts';
import { useAppStore } from '../store/appStore.ts';
import { SPEEDS } from '../store/playbackSlice.ts';

export function Transport() {
  const run = useRun('primary');
  const cursor = useAppStore((s) => s.cursor);
  const playing = useAppStore((s) => s.playing);
  const speedIndex = useAppStore((s) => s.speedIndex);
  const disabled = run === undefined;
  const last = run === undefined ? 0 : run.events.length - 1;
  const op = run?.events[cursor]?.op ?? -1;
  const losses = (run?.index.markers ?? []).filter((m) => m.kind === 'oracle');
  const b = (
    label: string,
    keys: string,
    onClick: () => void,
    text: string,
    extra = false,
  ) => (
    <button
      type="button"
      aria-label={label}
      title={`${label} (${keys})`}
      aria-keyshortcuts={keys}
      disabled={disabled || extra}
      onClick={onClick}
    >
      {text}
    </button>
  );
  return (
    <div className="transport" role="toolbar" aria-label="Playback">
      {b('Jump to start', 'Home', nav.home, '|◀')}
      {b('Previous operation', 'PageUp', nav.prevOp, '◀◀ op')}
      {b(
        'Step back over',
        'Shift+ArrowLeft',
        () => {
          nav.over(-1);
        },
        '↶ over',
      )}
      {b(
        'Step back',
        'ArrowLeft',
        () => {
          nav.step(-1);
        },
        '◀ step',
        cursor <= 0,
      )}
      <button
        type="button"
        className="primary"
        aria-label={playing ? 'Pause' : 'Play'}
        title={`${playing ? 'Pause' : 'Play'} (Space)`}
        aria-keyshortcuts="Space"
        disabled={disabled}
        onClick={nav.togglePlay}
        style={{ minWidth: '5.5em' }}
      >
        {playing ? '⏸ Pause' : '▶ Play'}
      </button>
      {b(
        'Step forward',
        'ArrowRight',
        () => {
          nav.step(1);
        },
        'step ▶',
        cursor >= last,
      )}
      {b(
        'Step over',
        'Shift+ArrowRight',
        () => {
          nav.over(1);
        },
        'over ↷',
      )}
      {b('Step out', 'Shift+ArrowUp', nav.out, 'out ↑')}
      {b('Next operation', 'PageDown', nav.nextOp, 'op ▶▶')}
      {b(
        'Previous data loss',
        'Shift+L',
        nav.prevLoss,
        '◀ loss',
        !losses.some((m) => m.seq < cursor),
      )}
      {b(
        'Next data loss',
        'L',
        nav.nextLoss,
        'loss ▶',
        !losses.some((m) => m.seq > cursor),
      )}
      {b('Jump to end', 'End', nav.end, '▶|')}
      <span className="transport" role="group" aria-label="Playback speed">
        {b('Slower', '-', nav.slower, '−', speedIndex <= 0)}
        <output
          data-testid="speed"
          style={{ minWidth: '5.5em', textAlign: 'center' }}
        >
          {SPEEDS[speedIndex] ?? 0} steps/s
        </output>
        {b('Faster', '+', nav.faster, '+', speedIndex >= SPEEDS.length - 1)}
      </span>
      <span className="position" data-testid="position" data-seq={cursor}>
        step {cursor} / {last}
        {op >= 0 && run !== undefined
          ? ` · op ${String(op + 1)}/${String(run.opCount)}`
          : ' · setup'}
      </span>
    </div>
  );
}
