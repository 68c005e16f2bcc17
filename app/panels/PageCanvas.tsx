// The page cache of a large file (hundreds of thousands of pages) on canvas: an overview of the whole file
// and a detail view with d3 zoom and pan. Each page is drawn as a cell with one stripe per set flag.

import { PG, type PageFlagName } from '@engine';
import {
  scaleLinear,
  select,
  zoom as d3zoom,
  zoomIdentity,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { PAGE_FLAGS } from '../viz/palette.ts';
import { exact, size } from '../viz/format.ts';
import type { FileView } from './pageModel.ts';
import { noteCanvasRender } from '../viz/renderStats.ts';
import { useAppStore } from '../store/appStore.ts';

const OVERVIEW_H = 36;
const DETAIL_H = 132;

type Colors = Record<
  PageFlagName | 'cached' | 'fg' | 'muted' | 'grid' | 'bg' | 'op' | 'window',
  string
>;

let colorCache: { readonly theme: string; readonly colors: Colors } | null =
  null;

/** The theme's colours, read from the style once per theme: reading a computed style forces the browser to
 * lay the page out first, which at every step of a playing run cost 18% of the main thread. App sets the
 * document's theme in a layout effect, so it is the store's `theme` by the time a canvas draws. */
function themeColors(theme: string): Colors {
  if (colorCache?.theme !== theme)
    colorCache = { theme, colors: readColors(document.documentElement) };
  return colorCache.colors;
}

function readColors(el: Element): Colors {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    locked: v('--flag-locked'),
    uptodate: v('--flag-uptodate'),
    dirty: v('--flag-dirty'),
    writeback: v('--flag-writeback'),
    private: v('--flag-private'),
    ordered: v('--flag-ordered'),
    cached: v('--muted'),
    fg: v('--fg'),
    muted: v('--muted'),
    grid: v('--grid'),
    bg: v('--panel-2'),
    op: v('--fg'),
    window: v('--accent'),
  };
}

/** The most telling state of a page, for views too coarse to show every flag. */
function summary(flags: number): PageFlagName | 'cached' {
  if ((flags & PG.writeback) !== 0) return 'writeback';
  if ((flags & PG.dirty) !== 0) return 'dirty';
  if ((flags & PG.locked) !== 0) return 'locked';
  if ((flags & PG.uptodate) !== 0) return 'uptodate';
  return 'cached';
}

function setupCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio;
  // Resizing reallocates the backing store: only when the size really changed (not on every pan frame).
  const w = Math.floor(width * ratio);
  const h = Math.floor(height * ratio);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.height = `${String(height)}px`;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

export function PageCanvas({ file, width }: { file: FileView; width: number }) {
  const overviewRef = useRef<HTMLCanvasElement>(null);
  const detailRef = useRef<HTMLCanvasElement>(null);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  // A theme toggle redraws at once (not at the next step): the colours are drawn into the pixels.
  const theme = useAppStore((s) => s.theme);
  const slots = file.slots;
  const base = useMemo(
    () => scaleLinear().domain([0, slots]).range([0, width]),
    [slots, width],
  );
  const detail = transform.rescaleX(base);
  const [d0, d1] = detail.domain() as [number, number];
  const first = Math.max(0, Math.floor(d0));
  const last = Math.min(slots, Math.ceil(d1));
  const sorted = useMemo(
    () => [...file.pages.values()].sort((a, b) => a.index - b.index),
    [file.pages],
  );

  useEffect(() => {
    const canvas = detailRef.current;
    if (canvas === null) return;
    const behavior = d3zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, Math.max(1, slots / 6)])
      .translateExtent([
        [0, 0],
        [width, DETAIL_H],
      ])
      .extent([
        [0, 0],
        [width, DETAIL_H],
      ])
      .on('zoom', (event: { transform: ZoomTransform }) => {
        setTransform(event.transform);
      });
    zoomRef.current = behavior;
    select(canvas).call(behavior);
    return () => {
      select(canvas).on('.zoom', null);
    };
  }, [slots, width]);

  useEffect(() => {
    const started = performance.now();
    const overview = overviewRef.current;
    const canvas = detailRef.current;
    if (overview === null || canvas === null) return;
    const colors = themeColors(theme);
    const o = setupCanvas(overview, width, OVERVIEW_H);
    const d = setupCanvas(canvas, width, DETAIL_H);
    if (o === null || d === null) return;
    // Overview: the whole file, one colour per pixel column (the most telling page in it).
    o.fillStyle = colors.bg;
    o.fillRect(0, 0, width, OVERVIEW_H);
    for (const p of sorted) {
      o.fillStyle = colors[summary(p.flags)];
      o.fillRect(
        Math.floor(base(p.index)),
        6,
        Math.max(1, base(p.index + 1) - base(p.index)),
        OVERVIEW_H - 12,
      );
    }
    if (file.opRange !== null) {
      const ps = file.pageSize;
      o.strokeStyle = colors.op;
      o.setLineDash([3, 2]);
      const x0 = base(file.opRange[0] / ps);
      o.strokeRect(
        x0,
        2,
        Math.max(2, base(file.opRange[1] / ps) - x0),
        OVERVIEW_H - 4,
      );
      o.setLineDash([]);
    }
    o.strokeStyle = colors.window;
    o.lineWidth = 2;
    o.strokeRect(base(d0), 1, Math.max(2, base(d1) - base(d0)), OVERVIEW_H - 2);
    o.lineWidth = 1;

    // Detail: cells when a page is wide enough, density columns otherwise.
    d.fillStyle = colors.bg;
    d.fillRect(0, 0, width, DETAIL_H);
    const pagePx = width / Math.max(1e-9, d1 - d0);
    const lo = lowerBound(sorted, first);
    if (pagePx >= 5) {
      d.strokeStyle = colors.grid;
      for (let i = first; i < last; i++) {
        const x = detail(i);
        d.strokeRect(x + 0.5, 20.5, pagePx - 1, DETAIL_H - 28);
      }
      const stripe = (DETAIL_H - 32) / PAGE_FLAGS.length;
      for (let k = lo; k < sorted.length; k++) {
        const p = sorted[k];
        if (p === undefined || p.index >= last) break;
        const x = detail(p.index);
        d.fillStyle = colors.cached;
        d.globalAlpha = 0.25;
        d.fillRect(x + 1, 21, pagePx - 2, DETAIL_H - 30);
        d.globalAlpha = 1;
        PAGE_FLAGS.forEach((f, j) => {
          if ((p.flags & PG[f.name]) === 0) return;
          d.fillStyle = colors[f.name];
          d.fillRect(x + 1, 23 + j * stripe, pagePx - 2, stripe - 1);
        });
      }
      // Page numbers, thinned out so they never overlap.
      d.fillStyle = colors.fg;
      d.font = '11px system-ui, sans-serif';
      const every = Math.max(1, Math.ceil(52 / pagePx));
      for (let i = Math.ceil(first / every) * every; i < last; i += every)
        d.fillText(String(i), detail(i) + 2, 14);
    } else {
      for (let k = lo; k < sorted.length; k++) {
        const p = sorted[k];
        if (p === undefined || p.index >= last) break;
        d.fillStyle = colors[summary(p.flags)];
        d.fillRect(
          Math.floor(detail(p.index)),
          20,
          Math.max(1, pagePx),
          DETAIL_H - 28,
        );
      }
    }
    if (file.opRange !== null) {
      const ps = file.pageSize;
      d.strokeStyle = colors.op;
      d.setLineDash([4, 3]);
      const x0 = detail(file.opRange[0] / ps);
      d.strokeRect(
        x0,
        18,
        Math.max(2, detail(file.opRange[1] / ps) - x0),
        DETAIL_H - 24,
      );
      d.setLineDash([]);
    }
    noteCanvasRender(performance.now() - started);
  }, [
    sorted,
    base,
    detail,
    d0,
    d1,
    first,
    last,
    width,
    file.opRange,
    file.pageSize,
    theme,
  ]);

  const zoomBy = (k: number) => {
    const canvas = detailRef.current;
    const behavior = zoomRef.current;
    if (canvas !== null && behavior !== null)
      select(canvas).call((s) => {
        behavior.scaleBy(s, k);
      });
  };
  const focus = (page: number, pages: number) => {
    const canvas = detailRef.current;
    const behavior = zoomRef.current;
    if (canvas === null || behavior === null) return;
    const k = Math.max(1, slots / Math.max(1, pages));
    select(canvas).call((s) => {
      behavior.transform(
        s,
        zoomIdentity
          .translate(width / 2, 0)
          .scale(k)
          .translate(-base(page), 0),
      );
    });
  };
  const cached = sorted.length;
  return (
    <div
      data-testid="page-canvas"
      data-first={first}
      data-last={last - 1}
      data-scale={transform.k.toFixed(3)}
    >
      <div className="zoom-tools">
        <button
          type="button"
          onClick={() => {
            zoomBy(4);
          }}
        >
          Zoom in
        </button>
        <button
          type="button"
          onClick={() => {
            zoomBy(0.25);
          }}
        >
          Zoom out
        </button>
        <button
          type="button"
          onClick={() => {
            focus(slots / 2, slots);
          }}
        >
          Whole file
        </button>
        {file.opRange !== null && (
          <button
            type="button"
            onClick={() => {
              const ps = file.pageSize;
              const [a, b] = file.opRange ?? [0, 0];
              focus((a + b) / 2 / ps, Math.max(24, ((b - a) / ps) * 1.6));
            }}
          >
            Zoom to the operation
          </button>
        )}
        <span className="readout" data-testid="page-zoom-readout">
          pages {exact(first)}–{exact(last - 1)} of {exact(slots)} (
          {size(first * file.pageSize)} to {size(last * file.pageSize)}), zoom ×
          {transform.k.toFixed(1)}
        </span>
      </div>
      <canvas
        ref={overviewRef}
        className="page-canvas"
        role="img"
        aria-label={`Overview of all ${String(slots)} pages of ${file.name}: ${String(cached)} cached; the outlined window is the detail view`}
        data-export="page-overview"
        onClick={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          focus(base.invert(e.clientX - rect.left), Math.max(6, d1 - d0));
        }}
      />
      <canvas
        ref={detailRef}
        className="page-canvas"
        style={{ marginTop: 6 }}
        role="img"
        aria-label={`Detail of pages ${String(first)} to ${String(last - 1)}; scroll or pinch to zoom, drag to pan`}
        data-export="page-detail"
      />
    </div>
  );
}

function lowerBound(
  pages: readonly { index: number }[],
  index: number,
): number {
  let lo = 0;
  let hi = pages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pages[mid]?.index ?? 0) < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
