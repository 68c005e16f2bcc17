// What the HTML parts of a view look like, as SVG: each visible box's fill and border, and each text node
// drawn line by line where the browser laid it out (words measured with Ranges, so text in separate
// elements keeps its spacing). The panels' own SVG and canvas drawings are copied by exporters.ts; this
// module skips them. DOM in, SVG elements out.

const SVG_NS = 'http://www.w3.org/2000/svg';

interface Box {
  readonly left: number;
  readonly top: number;
}

function transparent(colour: string): boolean {
  return colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
}

/** The box that clips `el`'s content (nearest ancestor with overflow other than visible), or null. */
function clipOf(el: Element, root: Element): DOMRect | null {
  for (
    let p = el.parentElement;
    p !== null && p !== root;
    p = p.parentElement
  ) {
    const css = getComputedStyle(p);
    if (css.overflowX !== 'visible' || css.overflowY !== 'visible')
      return p.getBoundingClientRect();
  }
  return null;
}

function inside(r: DOMRect, clip: DOMRect | null): boolean {
  if (r.width === 0 || r.height === 0) return false;
  return (
    clip === null ||
    (r.bottom > clip.top + 1 &&
      r.top < clip.bottom - 1 &&
      r.right > clip.left + 1 &&
      r.left < clip.right - 1)
  );
}

function rect(
  origin: Box,
  r: DOMRect,
  fill: string,
  stroke: string | null,
  width: number,
): SVGRectElement {
  const el = document.createElementNS(SVG_NS, 'rect');
  el.setAttribute('x', String(r.left - origin.left));
  el.setAttribute('y', String(r.top - origin.top));
  el.setAttribute('width', String(r.width));
  el.setAttribute('height', String(r.height));
  el.setAttribute('fill', fill);
  if (stroke !== null) {
    el.setAttribute('stroke', stroke);
    el.setAttribute('stroke-width', String(width));
  }
  return el;
}

/** The words of `node` grouped into the lines the browser laid them out on. */
function lines(node: Text): { text: string; r: DOMRect }[] {
  const out: { text: string; r: DOMRect }[] = [];
  const range = document.createRange();
  const place = (text: string, r: DOMRect, spaced: boolean) => {
    if (r.width === 0) return;
    const line = out.at(-1);
    if (line !== undefined && Math.abs(line.r.top - r.top) < r.height / 2) {
      line.text += (spaced && r.left - line.r.right > 1 ? ' ' : '') + text;
      line.r = new DOMRect(
        line.r.left,
        line.r.top,
        r.right - line.r.left,
        line.r.height,
      );
    } else out.push({ text, r });
  };
  const data = node.data;
  const re = /\S+/g;
  for (let m = re.exec(data); m !== null; m = re.exec(data)) {
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    if (range.getClientRects().length <= 1) {
      place(m[0], range.getBoundingClientRect(), true);
      continue;
    }
    // A word broken across lines (at a hyphen): place it character by character.
    for (let i = 0; i < m[0].length; i++) {
      range.setStart(node, m.index + i);
      range.setEnd(node, m.index + i + 1);
      place(m[0].charAt(i), range.getBoundingClientRect(), i === 0);
    }
  }
  return out;
}

/** SVG for the boxes and text of `root`'s HTML, positioned relative to `origin`. */
export function htmlToSvg(root: HTMLElement, origin: Box): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  const walk = (el: Element) => {
    if (el instanceof SVGElement || el instanceof HTMLCanvasElement) return;
    if (el instanceof HTMLDialogElement && !el.open) return;
    const css = getComputedStyle(el);
    if (css.display === 'none' || css.visibility === 'hidden') return;
    const r = el.getBoundingClientRect();
    const clip = clipOf(el, root);
    if (el !== root && inside(r, clip)) {
      const fill = css.backgroundColor;
      const border = parseFloat(css.borderTopWidth);
      const stroke =
        border > 0 && !transparent(css.borderTopColor)
          ? css.borderTopColor
          : null;
      if (!transparent(fill) || stroke !== null)
        g.appendChild(
          rect(origin, r, transparent(fill) ? 'none' : fill, stroke, border),
        );
    }
    // Text is clipped by its own box too when that hides overflow (a line-clamped summary).
    const own = css.overflowX !== 'visible' || css.overflowY !== 'visible';
    const textClip = own ? r : clip;
    for (const child of el.childNodes) {
      if (child instanceof Text) {
        for (const line of lines(child)) {
          if (!inside(line.r, textClip) || !inside(line.r, clip)) continue;
          const t = document.createElementNS(SVG_NS, 'text');
          t.setAttribute('x', String(line.r.left - origin.left));
          t.setAttribute(
            'y',
            String(line.r.bottom - origin.top - line.r.height * 0.22),
          );
          // Through the CSSOM, not setAttribute('style'): the site's CSP forbids inline style attributes
          // (style-src-attr) but not styles set from its own script (scripts/cspPlugin.ts).
          t.style.cssText = `font-family:${css.fontFamily};font-size:${css.fontSize};font-weight:${css.fontWeight};font-style:${css.fontStyle};fill:${css.color};white-space:pre`;
          t.textContent = line.text;
          g.appendChild(t);
        }
      } else if (child instanceof Element) walk(child);
    }
    if (el instanceof HTMLSelectElement) {
      const t = document.createElementNS(SVG_NS, 'text');
      t.setAttribute('x', String(r.left - origin.left + 6));
      t.setAttribute('y', String(r.bottom - origin.top - r.height * 0.3));
      t.style.cssText = `font-family:${css.fontFamily};font-size:${css.fontSize};fill:${css.color}`;
      t.textContent = el.selectedOptions[0]?.text ?? '';
      g.appendChild(t);
    }
  };
  walk(root);
  return g;
}
