// The bench's results as table rows (metric, value, comparison, target, whether it is met) and as Markdown.

export interface Row {
  readonly section: string;
  readonly metric: string;
  readonly value: string;
  /** Ratios against the references measured in the same run, or a note (why a reference was skipped). */
  readonly compared: string;
  readonly target: string;
  /** null where there is no target (or it could not be judged). */
  readonly met: boolean | null;
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(digits);
}

export function ratio(a: number, b: number): string {
  return `${b > 0 ? (a / b).toFixed(a / b < 0.01 ? 4 : 2) : '∞'}×`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| section | metric | value | compared (same run) | target | met |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows)
    lines.push(
      `| ${[
        r.section,
        r.metric,
        r.value,
        r.compared,
        r.target,
        r.met === null ? '' : r.met ? 'yes' : 'no',
      ]
        .map(cell)
        .join(' | ')} |`,
    );
  return lines.join('\n');
}
