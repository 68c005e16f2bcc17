// The rendered width of an element, kept current with a ResizeObserver. Returns a callback ref, so it
// works for elements that mount after the component's first render.

import { useCallback, useEffect, useState } from 'react';

export function useWidth(
  initial = 600,
): [(el: HTMLElement | null) => void, number] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    if (el === null) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry !== undefined) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
    };
  }, [el]);
  const ref = useCallback((node: HTMLElement | null) => {
    setEl(node);
    if (node !== null) setWidth(node.clientWidth);
  }, []);
  return [ref, width];
}
