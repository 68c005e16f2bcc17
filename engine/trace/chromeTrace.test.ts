import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/simulation.ts';
import { builtin, run } from '../testing/runScenario.ts';
import { chromeTrace, type ChromeTrace } from './chromeTrace.ts';

/** Per process: every E closes the innermost open B of the same name, none is left open, time never goes back. */
function slicesBalanced(trace: ChromeTrace): void {
  const open = new Map<number, string[]>();
  const last = new Map<number, number>();
  for (const e of trace.traceEvents) {
    if (e.ph === 'M') continue;
    expect(e.ts).toBeGreaterThanOrEqual(last.get(e.pid) ?? 0);
    last.set(e.pid, e.ts);
    const stack = open.get(e.pid) ?? [];
    open.set(e.pid, stack);
    if (e.ph === 'B') stack.push(e.name);
    if (e.ph === 'E') expect(stack.pop()).toBe(e.name);
  }
  expect(open.size).toBeGreaterThan(0);
  for (const stack of open.values()) expect(stack).toEqual([]);
}

describe('chromeTrace', () => {
  it('draws a run as named slices, instants and space_info counters', () => {
    const { sim } = run('S2', 'srcmap');
    const trace = chromeTrace([
      { scenario: 'S2', design: 'srcmap', events: sim.events },
    ]);
    slicesBalanced(trace);
    const names = trace.traceEvents.filter((e) => e.ph === 'M');
    expect(names.map((e) => e.args?.name)).toEqual([
      'S2 (srcmap)',
      'buffered write',
    ]);
    const enters = sim.events.filter((e) => e.kind === 'call.enter').length;
    expect(trace.traceEvents.filter((e) => e.ph === 'B')).toHaveLength(enters);
    expect(
      trace.traceEvents.find((e) => e.ph === 'i' && e.name === 'page.read'),
    ).toBeDefined();
    expect(
      trace.traceEvents.some(
        (e) => e.ph === 'C' && e.name === 'data space_info',
      ),
    ).toBe(true);
    expect(trace.otherData).toEqual({ scenario: 'S2', designs: ['srcmap'] });
  });

  it('ends the calls a power cut interrupted where the power failed', () => {
    const sim = createSimulation({
      scenario: builtin('S2'),
      variant: 'srcmap',
      cutAt: { event: 27 },
    });
    sim.runAll();
    const cut = sim.events.find(
      (e) => e.kind === 'call.enter' && e.fn === 'power_cut',
    );
    expect(cut).toBeDefined();
    const trace = chromeTrace([
      { scenario: 'S2', design: 'srcmap', events: sim.events },
    ]);
    slicesBalanced(trace);
    const endedAtCut = trace.traceEvents
      .filter((e) => e.ph === 'E' && e.ts === cut?.t)
      .map((e) => e.name);
    expect(endedAtCut).toEqual([
      'iomap_read_page_sync',
      '__iomap_write_begin',
      'iomap_write_begin',
      'iomap_write_actor',
      'iomap_apply',
      'iomap_file_buffered_write',
    ]);
  });

  it('puts each run of a comparison on a process track of its own', () => {
    const trace = chromeTrace(
      (['srcmap', 'v1-posted'] as const).map((design) => ({
        scenario: 'S3',
        design,
        events: run('S3', design).sim.events,
      })),
    );
    slicesBalanced(trace);
    expect(
      trace.traceEvents
        .filter((e) => e.name === 'process_name')
        .map((e) => [e.pid, e.args?.name]),
    ).toEqual([
      [1, 'S3 (srcmap)'],
      [2, 'S3 (v1-posted)'],
    ]);
    expect(trace.otherData.designs).toEqual(['srcmap', 'v1-posted']);
  });
});
