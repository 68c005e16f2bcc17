import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { openApp, sim, waitForIdle } from './fixtures.ts';

test.describe.configure({ timeout: 90_000 });

async function save(
  page: Page,
  button: string,
): Promise<{ name: string; bytes: Buffer }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = await download;
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

test.describe('exports', () => {
  test('the view exports as SVG and PNG, the run as Chrome trace-event JSON', async ({
    page,
  }) => {
    await openApp(page, '/?scenario=S2&design=srcmap&step=23');
    expect((await sim.position(page)).cursor).toBe(23);

    const svg = await save(page, 'Export SVG');
    expect(svg.name).toBe('S2-srcmap-step23.svg');
    const text = svg.bytes.toString('utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(text).toContain('DELALLOC');
    expect(text).toContain('Page cache');
    expect(text).not.toContain('var(--');

    const png = await save(page, 'Export PNG');
    expect(png.name).toBe('S2-srcmap-step23.png');
    expect([...png.bytes.subarray(0, 8)]).toEqual([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ]);
    expect(png.bytes.length).toBeGreaterThan(10_000);

    const trace = await save(page, 'Export trace (Perfetto)');
    expect(trace.name).toBe('S2-srcmap.trace.json');
    const json = JSON.parse(trace.bytes.toString('utf8')) as {
      traceEvents: { ph: string; name: string; ts: number }[];
    };
    const begins = json.traceEvents.filter((e) => e.ph === 'B');
    const ends = json.traceEvents.filter((e) => e.ph === 'E');
    expect(begins.length).toBeGreaterThan(10);
    expect(ends.length).toBe(begins.length);
    expect(begins.map((e) => e.name)).toContain('iomap_file_buffered_write');
    expect(json.traceEvents.some((e) => e.ph === 'C')).toBe(true);
    const times = json.traceEvents.filter((e) => e.ph !== 'M').map((e) => e.ts);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  test('a compare with a power cut exports both runs as two tracks, every slice closed; Open in Perfetto hands it over', async ({
    page,
    context,
  }) => {
    // Perfetto UI is not reachable here: a stand-in page speaks its documented PING/PONG hand-off.
    await context.route('https://ui.perfetto.dev/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>Perfetto UI stand-in</title><script>
          addEventListener('message', (e) => {
            if (e.data === 'PING') e.source.postMessage('PONG', e.origin);
            else if (e.data && e.data.perfetto) {
              const p = e.data.perfetto;
              window.received = { title: p.title, fileName: p.fileName, url: p.url,
                text: new TextDecoder().decode(p.buffer) };
            }
          });</script>`,
      }),
    );
    await openApp(page, '/?scenario=S2&design=srcmap&compare=legacy&step=29');
    await page.getByRole('button', { name: '⚡ Power cut here' }).click();
    await waitForIdle(page);
    const trace = await save(page, 'Export trace (Perfetto)');
    expect(trace.name).toBe('S2-srcmap-vs-S2-legacy.trace.json');
    const json = JSON.parse(trace.bytes.toString('utf8')) as {
      traceEvents: {
        ph: string;
        name: string;
        pid: number;
        args?: { name?: string };
      }[];
    };
    const processes = json.traceEvents
      .filter((e) => e.name === 'process_name')
      .map((e) => e.args?.name);
    // Both runs lost power in the same operation, each at its own step: the steps the compare view states.
    const said = await page.getByTestId('compare-cut').innerText();
    const stepOf = (design: string) =>
      new RegExp(`${design} at step (\\d+)`).exec(said)?.[1] ?? 'none';
    expect(processes).toEqual([
      `S2 under srcmap, power cut at step ${stepOf('srcmap')}`,
      `S2 under legacy, power cut at step ${stepOf('legacy')}`,
    ]);
    for (const pid of [1, 2]) {
      const mine = json.traceEvents.filter((e) => e.pid === pid);
      expect(mine.filter((e) => e.ph === 'E').length).toBe(
        mine.filter((e) => e.ph === 'B').length,
      );
    }

    const popup = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Open in Perfetto' }).click();
    const perfetto = await popup;
    await waitForIdle(page);
    const received = await perfetto.evaluate(
      () =>
        (
          window as unknown as {
            received?: { title: string; url: string; text: string };
          }
        ).received,
    );
    expect(received?.title).toBe(processes.join(' vs '));
    expect(received?.url).toContain('compare=legacy');
    expect(JSON.parse(received?.text ?? '{}')).toEqual(
      JSON.parse(trace.bytes.toString('utf8')),
    );
  });
});

test.describe('the compare export, whole', () => {
  test.use({ deviceScaleFactor: 2 });

  test('holds the table, verdicts, counters and spaced narration; the PNG is at the pixel ratio with the link inside', async ({
    page,
  }) => {
    await openApp(page, '/');
    await page.getByRole('button', { name: 'Open the visualizer' }).click();
    await waitForIdle(page);
    // The demo's S3 under v1-posted stays on the stage: the fixed design, compared with the posted one.
    await page.getByRole('combobox', { name: 'Design' }).selectOption('srcmap');
    await waitForIdle(page);
    await page
      .getByRole('combobox', { name: 'Compare with', exact: true })
      .selectOption('v1-posted');
    await waitForIdle(page);
    await sim.seekTo(page, 29);
    await page.getByRole('button', { name: '⚡ Power cut here' }).click();
    await waitForIdle(page);
    await sim.seekTo(page, await sim.findEvent(page, 'power.cut'));

    const svg = (await save(page, 'Export SVG')).bytes.toString('utf8');
    // The compare table, its verdicts and counters, and the cut note.
    expect(svg).toContain('>oracle</text>');
    expect(svg).toContain('>bytes zeroed</text>');
    expect(svg).toContain('>ok ✓</text>');
    expect(svg).toContain('Both runs lose power');
    // The narration keeps its spacing: the step's kind and its note are apart.
    expect(svg).toContain('power.cut');
    expect(svg).toContain('the page cache is gone');
    expect(svg).not.toContain('power.cutthe');
    expect(svg).not.toContain('thecopy-on-write');
    // The link that restores this view is in the metadata.
    const link = page.url();
    expect(svg).toContain(`${link.replaceAll('&', '&amp;')}</dc:source>`);

    const png = (await save(page, 'Export PNG')).bytes;
    const width = png.readUInt32BE(16);
    const cssWidth = await page
      .locator('.app')
      .evaluate((el) => Math.ceil(el.getBoundingClientRect().width));
    expect(width).toBe(cssWidth * 2);
    // tEXt chunks: the link and a title.
    const text = png.toString('latin1');
    expect(text).toContain(`tEXtURL\0${link}`);
    expect(text).toContain(
      'tEXtTitle\0iomap-explorer: S3 under srcmap vs S3 under v1-posted',
    );
  });
});
