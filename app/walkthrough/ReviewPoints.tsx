// The review points attached to a walkthrough stop: topic, who raised it and when, the point in the
// walkthrough's words, and the message on lore.kernel.org.

import { loreUrl } from './lore.ts';
import type { ReviewPoint } from './walkthroughModel.ts';

interface Props {
  readonly points: readonly ReviewPoint[];
}

export function ReviewPoints({ points }: Props) {
  if (points.length === 0)
    return (
      <p className="hint" data-testid="review-points-none">
        No review point in the thread concerns this step.
      </p>
    );
  return (
    <ul className="wt-review" aria-label="Review points at this step">
      {points.map((p) => (
        <li key={p.topic} data-testid="review-point">
          <h4>{p.topic}</h4>
          <p className="wt-who">
            {p.reviewer}, {p.date}
          </p>
          <p>{p.summary}</p>
          <a href={loreUrl(p.link.messageId)} target="_blank" rel="noreferrer">
            {p.link.label} (lore)
          </a>
        </li>
      ))}
    </ul>
  );
}
