// Share links: an inline scenario travels in the fragment (never sent to a server), a built-in by id in the
// query, and links of the older form (`?json=`) still open.

import { describe, expect, it } from 'vitest';
import {
  compress,
  MAX_LINK_JSON_BYTES,
  parseView,
  viewLink,
  type LinkedView,
} from './shareLink.ts';

const INLINE = JSON.stringify({ id: 'mine', title: 't', description: 'd' });

const view: LinkedView = {
  source: { kind: 'inline', json: INLINE },
  variant: 'v1-posted',
  compareVariant: 'srcmap',
  cut: { event: 12, seed: 3 },
  step: 40,
  tutorial: null,
};

describe('share links', () => {
  it('put an inline scenario in the fragment and the rest of the view in the query', async () => {
    const { query, fragment } = await viewLink(view);
    expect(query).toBe(
      '?design=v1-posted&compare=srcmap&cut=12&cutseed=3&step=40',
    );
    expect(fragment).toMatch(/^#json=[\w-]+$/);
    expect(await parseView(query, fragment)).toEqual({
      source: view.source,
      variant: 'v1-posted',
      compareVariant: 'srcmap',
      cut: { event: 12, seed: 3 },
      step: 40,
    });
  });

  it('name a built-in scenario in the query, with no fragment', async () => {
    const { query, fragment } = await viewLink({
      ...view,
      source: { kind: 'builtin', id: 'S3' },
      compareVariant: null,
      cut: null,
      tutorial: { id: 'v1-bug', checkpoint: 1 },
    });
    expect(`${query}${fragment}`).toBe(
      '?scenario=S3&design=v1-posted&step=40&tutorial=v1-bug&checkpoint=2',
    );
  });

  it('still open a link of the older form, with the scenario in the query', async () => {
    const old = `?json=${await compress(INLINE)}&design=srcmap&step=3`;
    expect(await parseView(old)).toMatchObject({
      source: { kind: 'inline', json: INLINE },
      variant: 'srcmap',
      step: 3,
    });
  });

  it('prefer the fragment when a link has both', async () => {
    const other = JSON.stringify({ id: 'other' });
    const both = await parseView(
      `?json=${await compress(other)}`,
      `#json=${await compress(INLINE)}`,
    );
    expect(both?.source).toEqual({ kind: 'inline', json: INLINE });
  });

  it('turn a damaged scenario into one that fails validation, saying why', async () => {
    const damaged = await parseView('?design=srcmap', '#json=not-deflate');
    expect(damaged?.source).toEqual({
      kind: 'inline',
      json: '(the link’s scenario could not be decompressed)',
    });
  });

  it('stop decompressing past the cap, saying so (issue 18, finding 7)', async () => {
    // 16 MiB of spaces deflate to a link of a few KiB.
    const bomb = await compress(' '.repeat(16 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    const view = await parseView('?design=srcmap', `#json=${bomb}`);
    expect(view?.source).toEqual({
      kind: 'inline',
      json: `(the link’s scenario is over ${String(MAX_LINK_JSON_BYTES / 1024 / 1024)} MiB once decompressed; save the scenario as a file and open that instead)`,
    });
    const fits = ' '.repeat(MAX_LINK_JSON_BYTES - INLINE.length) + INLINE;
    const open = await parseView(
      '?design=srcmap',
      `#json=${await compress(fits)}`,
    );
    expect(open?.source).toEqual({ kind: 'inline', json: fits });
  });

  it('read nothing from a link that names no view', async () => {
    expect(await parseView('?walkthrough=p1-srcmap', '#top')).toBeNull();
  });
});
