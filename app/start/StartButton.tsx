// The header button that opens (or closes) the start screen from anywhere in the app.

import { useAppStore } from '../store/appStore.ts';

export function StartButton() {
  const open = useAppStore((s) => s.startOpen);
  const setGuide = useAppStore((s) => s.setGuide);
  return (
    <button
      type="button"
      aria-expanded={open}
      aria-controls={open ? 'start-screen' : undefined}
      onClick={() => {
        setGuide({ startOpen: !open, startNotice: null });
        if (!open) window.scrollTo({ top: 0 });
      }}
    >
      Start screen
    </button>
  );
}
