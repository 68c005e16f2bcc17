// Keeps one element of a scrolling box in view after each render that may move it (the Source pane's current
// line, the call stack's innermost frame). One rule: never read layout in the render's commit; where the
// element is comes from an intersection observer, which the browser answers after its own layout of the
// frame (reading offsets here forced a second layout of the page at every step of a playing run).

import { useLayoutEffect, type DependencyList, type RefObject } from 'react';

/**
 * After each change of `deps`, scrolls `box` just enough that its descendant matching `selector` is whole in
 * it, with `context` times the element's height of room beyond it.
 */
export function useKeepInView(
  box: RefObject<HTMLElement | null>,
  selector: string,
  context: number,
  deps: DependencyList,
): void {
  useLayoutEffect(() => {
    const root = box.current;
    const target = root?.querySelector(selector);
    if (root === null || target === null || target === undefined) return;
    const observer = new IntersectionObserver(
      ([entry]) => {
        observer.disconnect();
        const view = entry?.rootBounds;
        if (
          entry === undefined ||
          view === null ||
          view === undefined ||
          entry.intersectionRatio >= 1
        )
          return;
        const el = entry.boundingClientRect;
        if (el.top < view.top)
          root.scrollBy({ top: el.top - view.top - context * el.height });
        else if (el.bottom > view.bottom)
          root.scrollBy({ top: el.bottom - view.bottom + context * el.height });
      },
      // A few pixels inside the box's edges: the box can end a fraction of a pixel past its panel's clip.
      { root, threshold: 1, rootMargin: '-4px 0px' },
    );
    observer.observe(target);
    return () => {
      observer.disconnect();
    };
    // The caller's deps say when the element may have moved.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
