// Cursor and playback commands shared by the buttons, the keyboard and the player.

import * as navigation from '../model/navigation.ts';
import { useAppStore } from '../store/appStore.ts';
import { runs, type Run } from './runRegistry.ts';

function primary(): Run | undefined {
  const slot = useAppStore.getState().primary;
  return slot.kind === 'ready' ? runs.get(slot.runId) : undefined;
}

function move(to: (run: Run, cursor: number) => number): void {
  const run = primary();
  if (run === undefined) return;
  const { cursor, setCursor } = useAppStore.getState();
  setCursor(to(run, cursor));
}

function manual(to: (run: Run, cursor: number) => number): void {
  useAppStore.getState().setPlaying(false);
  move(to);
}

export const nav = {
  step: (dir: 1 | -1) => {
    manual((run, c) => navigation.step(run, c, dir));
  },
  over: (dir: 1 | -1) => {
    manual((run, c) => navigation.stepOver(run, c, dir));
  },
  out: () => {
    manual((run, c) => navigation.stepOut(run, c));
  },
  nextOp: () => {
    manual((run, c) => navigation.nextOp(run, c));
  },
  prevOp: () => {
    manual((run, c) => navigation.prevOp(run, c));
  },
  /** The next / previous step where the data oracle disagrees (data loss). */
  nextLoss: () => {
    manual((run, c) => navigation.nextMarker(run, c, 'oracle'));
  },
  prevLoss: () => {
    manual((run, c) => navigation.prevMarker(run, c, 'oracle'));
  },
  nextError: () => {
    manual((run, c) => navigation.nextMarker(run, c, 'error'));
  },
  prevError: () => {
    manual((run, c) => navigation.prevMarker(run, c, 'error'));
  },
  /** The next / previous I/O submission. */
  nextIo: () => {
    manual((run, c) => navigation.nextMarker(run, c, 'io'));
  },
  prevIo: () => {
    manual((run, c) => navigation.prevMarker(run, c, 'io'));
  },
  home: () => {
    manual(() => 0);
  },
  end: () => {
    manual((run) => run.events.length - 1);
  },
  seek: (seq: number) => {
    manual((run) => Math.max(0, Math.min(seq, run.events.length - 1)));
  },
  /** One step of playback; stops at the end. */
  tick: () => {
    const run = primary();
    const { cursor, setCursor, setPlaying } = useAppStore.getState();
    if (run === undefined || cursor >= run.events.length - 1) {
      // A run still streaming in: wait at the last step that has arrived for the next batch.
      if (run?.complete === false) return;
      setPlaying(false);
      return;
    }
    setCursor(cursor + 1);
  },
  togglePlay: () => {
    const run = primary();
    const { playing, cursor, setPlaying, setCursor } = useAppStore.getState();
    if (run === undefined) return;
    if (!playing && cursor >= run.events.length - 1) setCursor(0);
    setPlaying(!playing);
  },
  faster: () => {
    const s = useAppStore.getState();
    s.setSpeedIndex(s.speedIndex + 1);
  },
  slower: () => {
    const s = useAppStore.getState();
    s.setSpeedIndex(s.speedIndex - 1);
  },
};
