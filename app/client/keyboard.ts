// Keyboard shortcuts (listed in the help overlay): Space, ←/→, Shift+←/→, Shift+↑, PageUp/PageDown,
// Home/End, +/−, ?. Ignored while typing in a field.

import { useAppStore } from '../store/appStore.ts';
import { nav } from './navActions.ts';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement)
    return target.type !== 'range' && target.type !== 'checkbox';
  return (
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    target.isContentEditable
  );
}

export function installKeyboard(): void {
  window.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    const help = useAppStore.getState().helpOpen;
    if (help) {
      if (e.key === 'Escape' || e.key === '?') {
        useAppStore.getState().setUi({ helpOpen: false });
        e.preventDefault();
      }
      return;
    }
    const onButton = e.target instanceof HTMLButtonElement;
    let handled = true;
    switch (e.key) {
      case ' ':
        if (onButton) return;
        nav.togglePlay();
        break;
      case 'ArrowRight':
        if (e.shiftKey) nav.over(1);
        else nav.step(1);
        break;
      case 'ArrowLeft':
        if (e.shiftKey) nav.over(-1);
        else nav.step(-1);
        break;
      case 'ArrowUp':
        if (!e.shiftKey) return;
        nav.out();
        break;
      case 'PageDown':
        nav.nextOp();
        break;
      case 'PageUp':
        nav.prevOp();
        break;
      case 'Home':
        nav.home();
        break;
      case 'End':
        nav.end();
        break;
      case '+':
      case '=':
        nav.faster();
        break;
      case '-':
      case '_':
        nav.slower();
        break;
      case '?':
        useAppStore.getState().setUi({ helpOpen: true });
        break;
      default:
        handled = false;
    }
    // A focused range input would move itself too: the handler above already moved the cursor.
    if (handled) e.preventDefault();
  });
}
