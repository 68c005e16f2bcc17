// View preferences: theme, overlays, the file whose pages are shown, the timeline's zoom.

import type { StateCreator } from 'zustand';

export type Theme = 'light' | 'dark';

/** The timeline's zoom window in steps, for one run (another run shown means the whole run again). */
export interface TimelineZoom {
  readonly runId: number;
  readonly from: number;
  readonly to: number;
}

export interface UiSlice {
  readonly theme: Theme;
  readonly helpOpen: boolean;
  readonly editorOpen: boolean;
  /** The file shown in the page cache and extent panels (null: the scenario's first file). */
  readonly fileName: string | null;
  /** null: the whole run. */
  readonly timelineZoom: TimelineZoom | null;
  readonly setUi: (
    patch: Partial<
      Pick<
        UiSlice,
        'theme' | 'helpOpen' | 'editorOpen' | 'fileName' | 'timelineZoom'
      >
    >,
  ) => void;
}

function preferredTheme(): Theme {
  const saved = localStorage.getItem('iomap-explorer.theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  theme: preferredTheme(),
  helpOpen: false,
  editorOpen: false,
  fileName: null,
  timelineZoom: null,
  setUi: (patch) => {
    set(patch);
  },
});
