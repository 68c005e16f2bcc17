// The start screen's tutorial list (data only) says what the tutorial library holds, in the same order.

import { describe, expect, it } from 'vitest';
import { TUTORIAL_CATALOG } from './catalog.ts';
import { TUTORIALS } from './library/index.ts';

describe('the tutorial catalog', () => {
  it('lists every tutorial of the library, in order, with its words and counts', () => {
    expect(TUTORIAL_CATALOG).toEqual(
      TUTORIALS.map((t) => ({
        id: t.id,
        title: t.title,
        scenario: t.scenario,
        summary: t.summary,
        checkpoints: t.checkpoints.length,
        questions: t.checkpoints.filter((c) => c.question !== undefined).length,
      })),
    );
  });
});
