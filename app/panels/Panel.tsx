// A titled region: every panel is a landmark with an accessible name.

import { useId, type ReactNode } from 'react';
import { useHighlight } from '../tutorials/useHighlight.ts';

interface Props {
  readonly title: string;
  readonly className?: string;
  readonly testId?: string;
  readonly children: ReactNode;
}

export function Panel({ title, className, testId, children }: Props) {
  const id = useId();
  const highlight = useHighlight(testId);
  return (
    <section
      className={`panel ${className ?? ''}`}
      aria-labelledby={id}
      data-testid={testId}
      data-highlight={highlight}
    >
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
