// The page cache of one file: SVG cells for small files, a zoomable canvas for large ones (loaded the first
// time a large file is shown, so the first screen carries no zoom code).

import { useEffect } from 'react';
import { useLazyModule } from '../client/lazyModule.ts';
import { pageCanvasModule } from '../client/lazyViews.ts';
import {
  useStepView,
  type Side,
  type StagePanelProps,
} from '../hooks/useRun.ts';
import { useWidth } from '../hooks/useWidth.ts';
import { useAppStore } from '../store/appStore.ts';
import { flagVar, PAGE_FLAGS } from '../viz/palette.ts';
import { fileNames, fileView } from './pageModel.ts';
import { PageBytes } from './PageBytes.tsx';
import { PageGrid } from './PageGrid.tsx';
import { Panel } from './Panel.tsx';
import { exact } from '../viz/format.ts';

/** Above this many page slots the page cache is drawn on canvas with zoom and pan. */
export const SVG_PAGE_LIMIT = 256;

export function useFileName(side: Side): string | null {
  const at = useStepView(side);
  const chosen = useAppStore((s) => s.fileName);
  if (at === undefined) return null;
  const names = fileNames(at.run);
  return chosen !== null && names.includes(chosen)
    ? chosen
    : (names[0] ?? null);
}

export function PageCachePanel({
  side,
  suffix = '',
  legend = true,
}: StagePanelProps & {
  /** Whether the panel shows its own legend. */
  legend?: boolean;
}) {
  const at = useStepView(side);
  const name = useFileName(side);
  const [ref, width] = useWidth();
  const setUi = useAppStore((s) => s.setUi);
  const file =
    at !== undefined && name !== null ? fileView(at.run, at.view, name) : null;
  const large = file !== null && file.slots > SVG_PAGE_LIMIT;
  const PageCanvas = useLazyModule(pageCanvasModule)?.PageCanvas;
  useEffect(() => {
    if (large) void pageCanvasModule.load();
  }, [large]);
  const names = at === undefined ? [] : fileNames(at.run);
  return (
    <Panel title={`Page cache${suffix}`} testId={`pages-${side}`}>
      {side === 'primary' && names.length > 1 && (
        <label className="hint">
          File{' '}
          <select
            value={name ?? ''}
            onChange={(e) => {
              setUi({ fileName: e.target.value });
            }}
          >
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
      )}
      {file !== null && (
        <p className="hint">
          {file.name}: i_size {exact(file.isize)} bytes, {exact(file.slots)}{' '}
          page{file.slots === 1 ? '' : 's'} of {file.pageSize / 1024}K
          {file.sectorSize < file.pageSize
            ? `, ${String(file.pageSize / file.sectorSize)} blocks of ${String(file.sectorSize / 1024)}K per page`
            : ''}
          ; {exact(file.pages.size)} cached.
          {file.slots > SVG_PAGE_LIMIT &&
            ' Large file: drawn on canvas. Scroll to zoom, drag to pan; flag stripes run L U D W P O from top to bottom.'}
        </p>
      )}
      <div ref={ref}>
        {file === null ? null : large ? (
          PageCanvas !== undefined && <PageCanvas file={file} width={width} />
        ) : (
          <PageGrid file={file} width={width} />
        )}
      </div>
      {at !== undefined && file !== null && (
        <PageBytes run={at.run} view={at.view} file={file} side={side} />
      )}
      {legend && <PageFlagLegend />}
    </Panel>
  );
}

/** What the page cells' colours mean (compare shows it once, under its table, for both stages). */
export function PageFlagLegend() {
  return (
    <ul className="legend" aria-label="Page flag legend">
      {PAGE_FLAGS.map((f) => (
        <li key={f.name}>
          <span className="swatch" style={{ background: flagVar(f.name) }} />
          <strong>{f.letter}</strong> {f.label}
        </li>
      ))}
      <li>
        <span className="swatch" style={{ border: '1.5px dashed var(--fg)' }} />{' '}
        the operation’s range
      </li>
      <li>
        <span className="swatch" style={{ background: 'var(--copy)' }} /> copy
        from user
      </li>
      <li>
        <span className="swatch" style={{ background: 'var(--zero)' }} />{' '}
        zeroing
      </li>
      <li>
        <span className="swatch" style={{ background: 'var(--io-read)' }} />{' '}
        read from disk
      </li>
    </ul>
  );
}
