// The one table of keyboard shortcuts: the key handler (keyboard.ts) looks keys up here and the help dialog
// lists it, so a key cannot work without being listed, or be listed without working. Pure data and lookup.

export type KeyCommand =
  | 'togglePlay'
  | 'stepForward'
  | 'stepBack'
  | 'overForward'
  | 'overBack'
  | 'out'
  | 'nextOp'
  | 'prevOp'
  | 'nextLoss'
  | 'prevLoss'
  | 'nextError'
  | 'prevError'
  | 'nextIo'
  | 'prevIo'
  | 'zoomIn'
  | 'zoomOut'
  | 'panLeft'
  | 'panRight'
  | 'zoomAll'
  | 'home'
  | 'end'
  | 'faster'
  | 'slower'
  | 'prevStop'
  | 'nextStop'
  | 'prevChapter'
  | 'nextChapter'
  | 'help';

/** A key as KeyboardEvent.key names it; `shift` undefined: either (the key itself implies it, like "?"). */
export interface KeySpec {
  readonly key: string;
  readonly shift?: boolean;
}

export type KeyGroup =
  'Playback' | 'Timeline' | 'Walkthrough (while a chapter is open)' | 'Help';

export interface KeyBinding {
  readonly command: KeyCommand;
  readonly keys: readonly KeySpec[];
  /** How the help names the keys. */
  readonly label: string;
  readonly does: string;
  readonly group: KeyGroup;
}

const P: KeyGroup = 'Playback';
const T: KeyGroup = 'Timeline';
const W: KeyGroup = 'Walkthrough (while a chapter is open)';

export const KEY_TABLE: readonly KeyBinding[] = [
  {
    command: 'togglePlay',
    keys: [{ key: ' ' }],
    label: 'Space',
    does: 'play / pause',
    group: P,
  },
  {
    command: 'stepForward',
    keys: [{ key: 'ArrowRight', shift: false }],
    label: '→',
    does: 'step forward one event',
    group: P,
  },
  {
    command: 'stepBack',
    keys: [{ key: 'ArrowLeft', shift: false }],
    label: '←',
    does: 'step back one event',
    group: P,
  },
  {
    command: 'overForward',
    keys: [{ key: 'ArrowRight', shift: true }],
    label: 'Shift+→',
    does: 'step over a kernel function call',
    group: P,
  },
  {
    command: 'overBack',
    keys: [{ key: 'ArrowLeft', shift: true }],
    label: 'Shift+←',
    does: 'step back over a kernel function call',
    group: P,
  },
  {
    command: 'out',
    keys: [{ key: 'ArrowUp', shift: true }],
    label: 'Shift+↑',
    does: 'step out of the current kernel function',
    group: P,
  },
  {
    command: 'nextOp',
    keys: [{ key: 'PageDown' }],
    label: 'PageDown',
    does: 'next operation',
    group: P,
  },
  {
    command: 'prevOp',
    keys: [{ key: 'PageUp' }],
    label: 'PageUp',
    does: 'previous operation',
    group: P,
  },
  {
    command: 'nextLoss',
    keys: [{ key: 'l', shift: false }],
    label: 'L',
    does: 'next data loss (the oracle disagrees)',
    group: P,
  },
  {
    command: 'prevLoss',
    keys: [{ key: 'L', shift: true }],
    label: 'Shift+L',
    does: 'previous data loss',
    group: P,
  },
  {
    command: 'nextError',
    keys: [{ key: 'e', shift: false }],
    label: 'E',
    does: 'next error',
    group: P,
  },
  {
    command: 'prevError',
    keys: [{ key: 'E', shift: true }],
    label: 'Shift+E',
    does: 'previous error',
    group: P,
  },
  {
    command: 'nextIo',
    keys: [{ key: 'i', shift: false }],
    label: 'I',
    does: 'next I/O submitted',
    group: P,
  },
  {
    command: 'prevIo',
    keys: [{ key: 'I', shift: true }],
    label: 'Shift+I',
    does: 'previous I/O submitted',
    group: P,
  },
  {
    command: 'home',
    keys: [{ key: 'Home' }],
    label: 'Home',
    does: 'jump to the start',
    group: P,
  },
  {
    command: 'end',
    keys: [{ key: 'End' }],
    label: 'End',
    does: 'jump to the end',
    group: P,
  },
  {
    command: 'faster',
    keys: [{ key: '+' }, { key: '=' }],
    label: '+',
    does: 'faster playback',
    group: P,
  },
  {
    command: 'slower',
    keys: [{ key: '-' }, { key: '_' }],
    label: '−',
    does: 'slower playback',
    group: P,
  },
  {
    command: 'zoomIn',
    keys: [{ key: 'w', shift: false }],
    label: 'W',
    does: 'zoom the timeline in (around the cursor)',
    group: T,
  },
  {
    command: 'zoomOut',
    keys: [{ key: 's', shift: false }],
    label: 'S',
    does: 'zoom the timeline out',
    group: T,
  },
  {
    command: 'panLeft',
    keys: [{ key: 'a', shift: false }],
    label: 'A',
    does: 'pan the timeline left',
    group: T,
  },
  {
    command: 'panRight',
    keys: [{ key: 'd', shift: false }],
    label: 'D',
    does: 'pan the timeline right',
    group: T,
  },
  {
    command: 'zoomAll',
    keys: [{ key: '0' }],
    label: '0',
    does: 'show the whole run',
    group: T,
  },
  {
    command: 'prevStop',
    keys: [{ key: '[' }],
    label: '[',
    does: 'previous stop',
    group: W,
  },
  {
    command: 'nextStop',
    keys: [{ key: ']' }],
    label: ']',
    does: 'next stop',
    group: W,
  },
  {
    command: 'prevChapter',
    keys: [{ key: '{' }],
    label: '{',
    does: 'previous chapter',
    group: W,
  },
  {
    command: 'nextChapter',
    keys: [{ key: '}' }],
    label: '}',
    does: 'next chapter',
    group: W,
  },
  {
    command: 'help',
    keys: [{ key: '?' }],
    label: '?',
    does: 'open or close this help (Esc closes it too)',
    group: 'Help',
  },
];

/** The binding a key press (with no Ctrl, Alt or Meta) triggers, or undefined. */
export function bindingFor(e: {
  readonly key: string;
  readonly shiftKey: boolean;
}): KeyBinding | undefined {
  return KEY_TABLE.find((b) =>
    b.keys.some(
      (k) =>
        k.key === e.key && (k.shift === undefined || k.shift === e.shiftKey),
    ),
  );
}

/** The aria-keyshortcuts value of `command` (its first key), for the buttons that do the same. */
export function shortcutOf(command: KeyCommand): string {
  const k = KEY_TABLE.find((b) => b.command === command)?.keys[0];
  if (k === undefined) return '';
  const name = k.key === ' ' ? 'Space' : k.key;
  return k.shift === true && k.key.length > 1 ? `Shift+${name}` : name;
}
