// Exports: the current view as SVG or PNG, whole (HTML text and boxes as laid out, the panels' drawings at
// their on-screen positions with resolved colours, the share link inside), and a file download. The trace
// file itself is the engine's (chromeTrace).

import { htmlToSvg } from './htmlToSvg.ts';
import { withTextChunks } from './pngText.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

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
    if (!(target instanceof SVGElement || target instanceof HTMLElement))
      return;
    const css = getComputedStyle(el);
    const style = STYLE_PROPS.map(
      (p) => `${p}:${css.getPropertyValue(p)}`,
    ).join(';');
    // The CSSOM, as the site's CSP allows (no setAttribute('style'), see htmlToSvg.ts).
    target.style.cssText = style;
    target.removeAttribute('class');
    // Presentation attributes naming CSS variables mean nothing outside the page: the style has the value.
    for (const attr of ['fill', 'stroke'])
      if (target.getAttribute(attr)?.includes('var(') === true)
        target.removeAttribute(attr);
  });
  return copy;
}

/** What an export says about itself: the link that restores the view, and a title. */
export interface ExportInfo {
  readonly link: string;
  readonly title: string;
}

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const DC_NS = 'http://purl.org/dc/elements/1.1/';

/** <title> and Dublin Core <metadata>: the view's title, and its share link as dc:source. */
function metadata(info: ExportInfo): DocumentFragment {
  const f = document.createDocumentFragment();
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = info.title;
  f.appendChild(title);
  const meta = document.createElementNS(SVG_NS, 'metadata');
  const rdf = document.createElementNS(RDF_NS, 'rdf:RDF');
  const desc = document.createElementNS(RDF_NS, 'rdf:Description');
  desc.setAttributeNS(RDF_NS, 'rdf:about', '');
  for (const [name, text] of [
    ['dc:title', info.title],
    ['dc:source', info.link],
    ['dc:creator', 'iomap-explorer'],
  ] as const) {
    const el = document.createElementNS(DC_NS, name);
    el.textContent = text;
    desc.appendChild(el);
  }
  rdf.appendChild(desc);
  meta.appendChild(rdf);
  f.appendChild(meta);
  return f;
}

/**
 * One SVG of the view inside `root`, whole (its full scroll height): the HTML's boxes and text as laid out
 * (tables, verdicts, counters, narration), the panels' SVG drawings and canvases where they are on screen,
 * and the share link in its metadata.
 */
export function composeSvg(root: HTMLElement, info: ExportInfo): string {
  const box = root.getBoundingClientRect();
  const width = Math.ceil(box.width);
  const height = Math.ceil(Math.max(root.scrollHeight, box.height));
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${String(width)} ${String(height)}`);
  out.appendChild(metadata(info));
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute(
    'fill',
    getComputedStyle(document.documentElement).getPropertyValue('--bg'),
  );
  out.appendChild(bg);
  out.appendChild(htmlToSvg(root, box));
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

/** The SVG drawn at `scale` device pixels per CSS pixel, as PNG bytes with the link in tEXt chunks. */
export async function svgToPng(
  svg: string,
  info: ExportInfo,
  scale = window.devicePixelRatio,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.naturalWidth * scale);
    canvas.height = Math.round(img.naturalHeight * scale);
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2d canvas context');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob>((resolve, reject) => {
      canvas.toBlob((b) => {
        if (b === null) reject(new Error('the PNG could not be encoded'));
        else resolve(b);
      }, 'image/png');
    });
    const bytes = withTextChunks(new Uint8Array(await blob.arrayBuffer()), {
      Title: info.title,
      URL: info.link,
      Software: 'iomap-explorer',
    });
    return new Blob([bytes as BlobPart], { type: 'image/png' });
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
