// What the extents picture's colours mean.

const ENTRIES: readonly (readonly [string, string])[] = [
  ['var(--flag-locked)', 'LOCKED range'],
  ['var(--accent)', 'other io-tree bit set'],
  ['var(--map-mapped)', 'regular extent'],
  ['var(--map-unwritten)', 'prealloc extent'],
  ['var(--io-read)', 'disk read'],
  ['var(--io-write)', 'disk write (dashed: ordered extent in flight)'],
];

export function ExtentsLegend() {
  return (
    <ul className="legend" aria-label="Extents legend">
      {ENTRIES.map(([colour, label]) => (
        <li key={label}>
          <span className="swatch" style={{ background: colour }} /> {label}
        </li>
      ))}
    </ul>
  );
}
