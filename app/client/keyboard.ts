// The key handler: looks each key press up in the key table (keyTable.ts) and runs its command. It never
// acts inside a form control (a focused select, text field, range or checkbox keeps its own keys), nor with
// Ctrl, Alt or Meta held, nor (but for "?") while the help dialog is open.

import { useAppStore } from '../store/appStore.ts';
import { bindingFor, type KeyCommand } from './keyTable.ts';

/** A form control, or an editable element: its keys are its own. */
export function isFormControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    target.isContentEditable
  );
}

export function installKeyboard(
  commands: Readonly<Record<KeyCommand, () => void>>,
): void {
  window.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || isFormControl(e.target)) return;
    const binding = bindingFor(e);
    if (binding === undefined) return;
    if (useAppStore.getState().helpOpen && binding.command !== 'help') return;
    // Space on a button presses the button.
    if (
      binding.command === 'togglePlay' &&
      e.target instanceof HTMLButtonElement
    )
      return;
    e.preventDefault();
    commands[binding.command]();
  });
}
