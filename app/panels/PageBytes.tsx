// Bytes you can see: for the page(s) under the operation, one strip per block showing where its bytes come
// from (old data, read from disk, user data, zeros), and zoomed in the bytes themselves beside what the file
// held before the operation, lost bytes marked. A view over bytesModel.ts.

import { Fragment, useLayoutEffect, useRef, useState } from 'react';
import { playStep } from '../client/stepMotion.ts';
import type { Run, StepView } from '../client/runRegistry.ts';
import {
  hex,
  hexWindows,
  pageBytes,
  pagesUnderOp,
  SOURCE_LABEL,
  type BlockBytes,
  type PageBytes as Bytes,
} from './bytesModel.ts';
import type { FileView } from './pageModel.ts';
import './pageBytes.css';

interface Props {
  readonly run: Run;
  readonly view: StepView;
  readonly file: FileView;
  readonly side: string;
}

export function PageBytes({ run, view, file, side }: Props) {
  const [zoom, setZoom] = useState(false);
  const op = view.event?.op ?? -1;
  const shown = pagesUnderOp(
    file.action?.index ?? null,
    file.opRange,
    file.pageSize,
    (i) => file.pages.has(i),
  );
  // Recomputed at each step: the fold looks back at most MAX_SCAN steps (bytesModel.ts).
  const pages = shown.map((index) =>
    pageBytes({
      scenario: run.scenario,
      events: run.events,
      cursor: view.seq,
      op,
      file: file.name,
      ino: file.ino,
      index,
      pageSize: file.pageSize,
      sectorSize: file.sectorSize,
    }),
  );
  // The box keeps its place with no page under the operation (and the pages sit side by side), so the
  // panels below do not move as a run plays.
  return (
    <div
      className={`page-bytes${pages.length === 0 ? ' page-bytes-none' : ''}`}
      data-testid={`bytes-${side}`}
    >
      <div className="page-bytes-head">
        <h3>
          {pages.length === 0
            ? 'Where the bytes come from'
            : `Where the bytes of page${pages.length > 1 ? 's' : ''} ${pages.map((p) => String(p.index)).join(' and ')} come from`}
        </h3>
        <button
          type="button"
          aria-pressed={zoom}
          disabled={pages.length === 0}
          onClick={() => {
            setZoom(!zoom);
          }}
        >
          {zoom ? 'Hide the bytes' : 'Show the bytes'}
        </button>
      </div>
      <div className="page-bytes-pages">
        {pages.length === 0 && (
          <p className="hint">No page under the operation at this step.</p>
        )}
        {pages.map((p) => (
          <div key={p.index} className="page-bytes-page">
            <div className="byte-strips">
              {p.blocks.map((b) => (
                <Strip key={b.block} page={p.index} block={b} />
              ))}
            </div>
            {zoom &&
              p.blocks.map((b) => <HexView key={b.block} page={p} block={b} />)}
          </div>
        ))}
      </div>
      <ul className="legend byte-legend" aria-label="Byte source legend">
        {(['old', 'disk', 'user', 'zero', 'unset'] as const).map((s) => (
          <li key={s}>
            <span className={`swatch src-${s}`} /> {SOURCE_LABEL[s]}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A run of one source sweeps in from the left after a step forward, from the right after a step back. */
const SWEEP_IN: Keyframe[] = [
  { transform: 'scaleX(0)', transformOrigin: 'left center' },
  { transform: 'scaleX(1)', transformOrigin: 'left center' },
];
const SWEEP_BACK: Keyframe[] = [
  { transform: 'scaleX(0)', transformOrigin: 'right center' },
  { transform: 'scaleX(1)', transformOrigin: 'right center' },
];

function Strip({ page, block }: { page: number; block: BlockBytes }) {
  const bar = useRef<HTMLDivElement>(null);
  const before = useRef(block.runs);
  // The runs this step filled (new or of another source) sweep over the block.
  useLayoutEffect(() => {
    const old = before.current;
    before.current = block.runs;
    if (old === block.runs) return;
    for (const r of block.runs)
      if (
        !old.some(
          (o) => o.from === r.from && o.to === r.to && o.source === r.source,
        )
      )
        playStep(
          bar.current?.querySelector(`[data-from="${String(r.from)}"]`) ?? null,
          SWEEP_IN,
          SWEEP_BACK,
        );
  }, [block.runs]);
  return (
    <figure className="byte-strip">
      <div
        ref={bar}
        className="byte-strip-bar"
        role="img"
        aria-label={block.label}
        data-testid={`byte-strip-${String(page)}-${String(block.block)}`}
      >
        {block.runs.map((r) => (
          <span
            key={r.from}
            className={`byte-run src-${r.source}`}
            data-source={r.source}
            data-from={r.from}
            style={{ left: `${String(r.left)}%`, width: `${String(r.width)}%` }}
            title={`bytes ${String(r.from)}–${String(r.to - 1)}: ${SOURCE_LABEL[r.source]}`}
          />
        ))}
      </div>
      <figcaption className="muted">
        block {block.block}:{' '}
        {block.runs
          .map(
            (r) =>
              `${String(r.from)}–${String(r.to - 1)} ${SOURCE_LABEL[r.source]}`,
          )
          .join(' · ')}
      </figcaption>
    </figure>
  );
}

/** The block's bytes in hex, window by window: what the page holds now over what the file held before. */
function HexView({ page, block }: { page: Bytes; block: BlockBytes }) {
  const sourceAt = (off: number) =>
    block.runs.find((r) => off >= r.from && off < r.to)?.source ?? 'unset';
  return (
    <table
      className="hex mono"
      aria-label={`Bytes of page ${String(page.index)}, block ${String(block.block)}, in hex`}
      data-testid={`hex-${String(page.index)}-${String(block.block)}`}
    >
      <thead>
        <tr>
          <th scope="col">offset</th>
          <th scope="col">in the page now</th>
          <th scope="col">the file held before</th>
        </tr>
      </thead>
      <tbody>
        {hexWindows(block).map(([a, b]) => {
          const offs = Array.from({ length: b - a }, (_, i) => a + i);
          return (
            <tr key={a}>
              <th scope="row">{a.toString(16).padStart(4, '0')}</th>
              <td>
                {offs.map((o) => {
                  const src = sourceAt(o);
                  const now = src === 'unset' ? null : page.value(o);
                  const was = page.before(o);
                  const lost =
                    src !== 'user' &&
                    src !== 'unset' &&
                    now !== null &&
                    was !== null &&
                    now !== was;
                  return (
                    <Fragment key={o}>
                      {o > a && ' '}
                      <span
                        className={`hex-byte src-${src}${lost ? ' lost' : ''}`}
                        title={`byte ${String(o)}: ${SOURCE_LABEL[src]}${lost ? `, the file held ${hex(was)}` : ''}`}
                      >
                        {src === 'unset' ? '--' : hex(now)}
                      </span>
                    </Fragment>
                  );
                })}
              </td>
              <td>
                {offs.map((o) => (
                  <Fragment key={o}>
                    {o > a && ' '}
                    <span className="hex-byte">{hex(page.before(o))}</span>
                  </Fragment>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
