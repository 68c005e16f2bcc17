// The run registry as an external store: a subscriber hears every new snapshot and every dropped run, and
// `get` returns the same snapshot until the next one (what useSyncExternalStore requires).

import { BUILTIN_SCENARIOS, validateScenario } from '@engine';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@engine/protocol';
import { RunRegistry } from './runRegistry.ts';

const checked = validateScenario(BUILTIN_SCENARIOS[0]);
if (!checked.ok) throw new Error('the first built-in scenario is invalid');
const scenario = checked.scenario;

function announce(reg: RunRegistry, runId: number): void {
  reg.receive({
    v: PROTOCOL_VERSION,
    kind: 'run',
    runId,
    scenario,
    variant: 'srcmap',
    device: { kind: 'image', sizeBytes: 1 << 20 },
  });
}

describe('RunRegistry as a subscribable store', () => {
  it('notifies on every snapshot, keeps snapshots stable between them, and stops after unsubscribe', () => {
    const reg = new RunRegistry();
    let calls = 0;
    const unsubscribe = reg.subscribe(() => {
      calls++;
    });
    const id = reg.begin(() => undefined);
    expect(reg.get(id)).toBeUndefined();
    announce(reg, id);
    expect(calls).toBe(1);
    const first = reg.get(id);
    expect(first?.runId).toBe(id);
    expect(reg.get(id)).toBe(first);
    reg.receive({
      v: PROTOCOL_VERSION,
      kind: 'events',
      runId: id,
      from: 0,
      batch: [],
      outcomes: [],
    });
    expect(calls).toBe(2);
    expect(reg.get(id)).not.toBe(first);
    reg.abandon(id);
    expect(calls).toBe(3);
    expect(reg.get(id)).toBeUndefined();
    unsubscribe();
    reg.abandon(id);
    const other = reg.begin(() => undefined);
    announce(reg, other);
    expect(calls).toBe(3);
  });
});
