// Exports: the current view as SVG or PNG (the panels' drawings composed at their on-screen positions,
// with resolved colours), and a file download. The trace file itself is the engine's (chromeTrace).

const STYLE_PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
] as const;

/** A copy of `svg` whose presentation no longer depends on the page's CSS (variables resolved). */
function inlineStyles(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const target = to[i];
    if (target === undefined) return;
    const css = getComputedStyle(el);
    const style = STYLE_PROPS.map(
      (p) => `${p}:${css.getPropertyValue(p)}`,
    ).join(';');
    target.setAttribute('style', style);
    target.removeAttribute('class');
    // Presentation attributes naming CSS variables mean nothing outside the page: the style has the value.
    for (const attr of ['fill', 'stroke'])
      if (target.getAttribute(attr)?.includes('var(') === true)
        target.removeAttribute(attr);
  });
  return copy;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** One SVG of everything marked data-export inside `root`, placed where it is on screen. */
export function composeSvg(root: HTMLElement): string {
  const box = root.getBoundingClientRect();
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(Math.ceil(box.width)));
  out.setAttribute('height', String(Math.ceil(root.scrollHeight)));
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute(
    'fill',
    getComputedStyle(document.documentElement).getPropertyValue('--bg'),
  );
  out.appendChild(bg);
  const text = (x: number, y: number, s: string, weight = '700') => {
    const t = document.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', String(x));
    t.setAttribute('y', String(y));
    t.setAttribute(
      'style',
      `font: ${weight} 14px system-ui, sans-serif; fill: ${getComputedStyle(root).color}`,
    );
    t.textContent = s;
    out.appendChild(t);
  };
  for (const h of root.querySelectorAll<HTMLElement>('section.panel h2')) {
    const r = h.getBoundingClientRect();
    text(r.left - box.left, r.bottom - box.top - 4, h.textContent);
  }
  for (const p of root.querySelectorAll<HTMLElement>(
    '.narration, [data-testid="position"]',
  )) {
    const r = p.getBoundingClientRect();
    text(r.left - box.left, r.top - box.top + 16, p.textContent, '400');
  }
  for (const el of root.querySelectorAll<SVGSVGElement | HTMLCanvasElement>(
    '[data-export]',
  )) {
    const r = el.getBoundingClientRect();
    const x = r.left - box.left;
    const y = r.top - box.top;
    if (el instanceof HTMLCanvasElement) {
      const img = document.createElementNS(SVG_NS, 'image');
      img.setAttribute('href', el.toDataURL('image/png'));
      img.setAttribute('x', String(x));
      img.setAttribute('y', String(y));
      img.setAttribute('width', String(r.width));
      img.setAttribute('height', String(r.height));
      out.appendChild(img);
    } else if (el instanceof SVGSVGElement) {
      const copy = inlineStyles(el);
      copy.setAttribute('x', String(x));
      copy.setAttribute('y', String(y));
      out.appendChild(copy);
    }
  }
  return new XMLSerializer().serializeToString(out);
}

export async function svgToPng(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2d canvas context');
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) => {
      canvas.toBlob((blob) => {
        if (blob === null) reject(new Error('the PNG could not be encoded'));
        else resolve(blob);
      }, 'image/png');
    });
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function download(
  name: string,
  data: Blob | string,
  type: string,
): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}
