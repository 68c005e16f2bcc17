// Colours (Okabe-Ito, distinguishable with the common colour-vision deficiencies) and the names they stand
// for. Every colour in a view also comes with a letter, a label or a pattern, never colour alone.

import type { PageFlagName } from '@engine';

export const PAGE_FLAGS: readonly {
  readonly name: PageFlagName;
  readonly letter: string;
  readonly label: string;
}[] = [
  { name: 'locked', letter: 'L', label: 'PG_locked' },
  { name: 'uptodate', letter: 'U', label: 'PG_uptodate' },
  { name: 'dirty', letter: 'D', label: 'PG_dirty' },
  { name: 'writeback', letter: 'W', label: 'PG_writeback' },
  { name: 'private', letter: 'P', label: 'PG_private' },
  { name: 'ordered', letter: 'O', label: 'PG_ordered (Private2)' },
];

/** CSS variable names, resolved per theme in styles.css. */
export function flagVar(name: PageFlagName): string {
  return `var(--flag-${name})`;
}

export function iomapTypeVar(type: string): string {
  return `var(--map-${type.toLowerCase()}, var(--map-other))`;
}
