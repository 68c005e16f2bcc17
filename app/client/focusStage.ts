// Where the keyboard goes after a choice in one of the view's selects: back to the stage (the main region),
// so the arrow keys step the run again instead of changing the select. A select being browsed with its own
// keys (arrows on a closed select, type-ahead) keeps the focus: that is the user still choosing.

import type { ChangeEvent, KeyboardEvent } from 'react';

export const STAGE_ID = 'stage';

export function focusStage(): void {
  document.getElementById(STAGE_ID)?.focus({ preventScroll: true });
}

/** Props for a select whose choice changes the view; `onChoose` gets the chosen value. */
export function choiceSelectProps(onChoose: (value: string) => void): {
  readonly onKeyDown: (e: KeyboardEvent<HTMLSelectElement>) => void;
  readonly onChange: (e: ChangeEvent<HTMLSelectElement>) => void;
} {
  let browsing = false;
  return {
    onKeyDown: (e) => {
      browsing = !e.altKey && e.key !== 'Enter' && e.key !== ' ';
    },
    onChange: (e) => {
      onChoose(e.target.value);
      if (!browsing) focusStage();
      browsing = false;
    },
  };
}
