// How long the last canvas frames took (the large-file test reads this through window.__sim).

const recent: number[] = [];

export function noteCanvasRender(ms: number): void {
  recent.push(ms);
  if (recent.length > 32) recent.shift();
}

export interface RenderStats {
  readonly frames: number;
  readonly maxMs: number;
  readonly medianMs: number;
}

export function canvasRenderStats(): RenderStats {
  const sorted = [...recent].sort((a, b) => a - b);
  return {
    frames: recent.length,
    maxMs: Math.max(0, ...recent),
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
  };
}
