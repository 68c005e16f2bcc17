import { describe, expect, it } from 'vitest';
import type { TrackSpan } from '../model/trackSpans.ts';
import {
  clampWindow,
  follow,
  isWhole,
  LABEL_W,
  lanePaths,
  MIN_SPAN,
  PAD_R,
  panBy,
  plotScale,
  spanAt,
  spanDetails,
  stepSpan,
  trackLayout,
  wholeWindow,
  zoomAt,
} from './timelineTracksModel.ts';

const span = (
  start: number,
  end: number,
  style: TrackSpan['style'] = 'write',
): TrackSpan => ({ start, end, style, at: start });

/** The rectangles a path draws, as [x, width] pairs. */
function rects(d: string): [number, number][] {
  return [...d.matchAll(/M([\d.]+),[\d.]+h([\d.-]+)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

describe('the zoom window', () => {
  it('zoomAt(w, factor, anchor) keeps the anchor step where it is on screen', () => {
    const w = wholeWindow(1000);
    const z = zoomAt(w, 0.5, 400, 1000);
    expect(z.to - z.from).toBe(500);
    const before = plotScale(w, 800);
    const after = plotScale(z, 800);
    expect(after.x(400)).toBeCloseTo(before.x(400));
    // Out again past the whole run: the whole run.
    expect(zoomAt(z, 4, 400, 1000)).toEqual(w);
  });

  it('never narrower than MIN_SPAN steps, never outside the run', () => {
    let w = wholeWindow(1000);
    for (let i = 0; i < 20; i++) w = zoomAt(w, 0.5, 999, 1000);
    expect(w.to - w.from).toBe(MIN_SPAN);
    expect(w.to).toBe(1000);
    expect(clampWindow({ from: -50, to: 20 }, 1000)).toEqual({
      from: 0,
      to: 70,
    });
    // A run shorter than MIN_SPAN: the whole run, however far in.
    expect(zoomAt(wholeWindow(5), 0.1, 2, 5)).toEqual({ from: 0, to: 5 });
  });

  it('panBy moves the window and stops at either end', () => {
    const w = { from: 100, to: 200 };
    expect(panBy(w, 30, 1000)).toEqual({ from: 130, to: 230 });
    expect(panBy(w, -500, 1000)).toEqual({ from: 0, to: 100 });
    expect(panBy(w, 5000, 1000)).toEqual({ from: 900, to: 1000 });
    expect(isWhole(wholeWindow(10), 10)).toBe(true);
    expect(isWhole(w, 1000)).toBe(false);
  });

  it('follow(w, cursor) leaves a cursor on screen alone and brings one off screen a tenth in', () => {
    const w = { from: 100, to: 200 };
    expect(follow(w, 150, 1000)).toBe(w);
    expect(follow(w, 250, 1000)).toEqual({ from: 161, to: 261 });
    expect(follow(w, 50, 1000)).toEqual({ from: 40, to: 140 });
  });

  it('plotScale maps the window onto the plot right of the labels', () => {
    const s = plotScale({ from: 10, to: 20 }, 1000);
    expect(s.x(10)).toBe(LABEL_W);
    expect(s.x(20)).toBe(1000 - PAD_R);
    expect(s.step(s.x(13.5))).toBeCloseTo(13.5);
  });
});

describe('trackLayout', () => {
  it('one lane per track; in compare two per track, the first design on top; lanes never overlap', () => {
    const one = trackLayout(false);
    expect(one.lanes.map((l) => l.track)).toEqual([
      'op',
      'write',
      'writeback',
      'io',
      'wait',
      'commit',
      'verdict',
    ]);
    const two = trackLayout(true);
    expect(two.lanes).toHaveLength(14);
    expect(two.lanes[0]?.side).toBe('primary');
    expect(two.lanes[1]?.side).toBe('secondary');
    for (const l of [one, two])
      l.lanes.forEach((lane, i) => {
        const next = l.lanes[i + 1];
        if (next !== undefined)
          expect(lane.y + lane.height).toBeLessThanOrEqual(next.y);
        expect(lane.y + lane.height).toBeLessThanOrEqual(l.height);
      });
    expect(one.height).toBeLessThanOrEqual(92);
    expect(two.height).toBeLessThanOrEqual(120);
  });
});

describe('lanePaths', () => {
  const lane = { y: 10, height: 8 };

  it('draws each span as a rectangle from its first step to after its last, one path per style', () => {
    const paths = lanePaths(
      [span(0, 9), span(20, 29, 'read'), span(50, 59)],
      100,
      wholeWindow(100),
      LABEL_W + PAD_R + 100,
      lane,
    );
    expect(paths.map((p) => p.style).sort()).toEqual(['read', 'write']);
    const write = paths.find((p) => p.style === 'write')?.d ?? '';
    expect(rects(write)).toEqual([
      [LABEL_W, 10],
      [LABEL_W + 50, 10],
    ]);
    expect(write).toContain(',10h');
  });

  it('clips to the window and leaves out what is outside it', () => {
    const paths = lanePaths(
      [span(0, 9), span(15, 40), span(80, 90)],
      100,
      { from: 20, to: 70 },
      LABEL_W + PAD_R + 50,
      lane,
    );
    expect(rects(paths[0]?.d ?? '')).toEqual([[LABEL_W, 21]]);
  });

  it('a long run draws at most about one rectangle per pixel: 100,000 one-step spans over 500 px', () => {
    const many = Array.from({ length: 100_000 }, (_, i) =>
      span(i * 3, i * 3, i % 2 === 0 ? 'write' : 'read'),
    );
    const paths = lanePaths(
      many,
      300_000,
      wholeWindow(300_000),
      LABEL_W + PAD_R + 500,
      lane,
    );
    for (const p of paths) expect(rects(p.d).length).toBeLessThanOrEqual(500);
    // Zoomed in, each point is its own rectangle again, at least 2 px wide.
    const zoomed = lanePaths(
      many,
      300_000,
      { from: 0, to: 30 },
      LABEL_W + PAD_R + 600,
      lane,
    );
    const write = rects(zoomed.find((p) => p.style === 'write')?.d ?? '');
    expect(write).toHaveLength(5);
    for (const [, w] of write) expect(w).toBeGreaterThanOrEqual(2);
  });

  it('an open span reaches the last event that has arrived', () => {
    const paths = lanePaths(
      [span(50, -1)],
      80,
      wholeWindow(100),
      LABEL_W + PAD_R + 100,
      lane,
    );
    expect(rects(paths[0]?.d ?? '')).toEqual([[LABEL_W + 50, 30]]);
  });
});

describe('finding spans', () => {
  const spans = [span(0, 40, 'op'), span(10, 12), span(30, 30), span(60, 60)];

  it('spanAt: the innermost span covering the step, else the nearest within the tolerance', () => {
    expect(spanAt(spans, 100, 11, 0)).toBe(1);
    expect(spanAt(spans, 100, 20, 0)).toBe(0);
    expect(spanAt(spans, 100, 58, 3)).toBe(3);
    expect(spanAt(spans, 100, 50, 3)).toBe(-1);
  });

  it('stepSpan: from none, the first after the cursor (or last before it); then one by one, stopping at the ends', () => {
    expect(stepSpan(spans, -1, 1, 20)).toBe(2);
    expect(stepSpan(spans, -1, -1, 20)).toBe(1);
    expect(stepSpan(spans, -1, 1, 99)).toBe(3);
    expect(stepSpan(spans, 3, 1, 0)).toBe(3);
    expect(stepSpan(spans, 0, -1, 0)).toBe(0);
    expect(stepSpan([], -1, 1, 0)).toBe(-1);
  });

  it('spanDetails names the kind, the steps and the narration', () => {
    expect(spanDetails(span(5, 9, 'read'), 'read 4K at disk 4M', 100)).toBe(
      'read I/O, steps 5–9: read 4K at disk 4M',
    );
    expect(spanDetails(span(7, 7, 'loss'), 'DATA LOSS in F', 100)).toBe(
      'data loss (the oracle disagrees), step 7: DATA LOSS in F',
    );
    expect(spanDetails(span(7, -1, 'write'), 'w', 20)).toBe(
      'write I/O, steps 7–19 (still running): w',
    );
  });
});
