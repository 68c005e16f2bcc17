// The errno an operation ends with stays the Errno union from the engine to the app: in the op.end and error
// events, the op result record and the worker protocol's outcome, never widened to string.
import { describe, expectTypeOf, it } from 'vitest';
import type { Errno } from '../core/errno.ts';
import type { RunOutcome } from '../protocol.ts';
import type { StepEvent } from './events.ts';
import type { OpResultRec } from './records.ts';

type EventOf<K extends StepEvent['kind']> = Extract<StepEvent, { kind: K }>;

describe('the Errno union', () => {
  it('types the errno of events, records and the protocol', () => {
    expectTypeOf<EventOf<'op.end'>['errno']>().toEqualTypeOf<Errno | null>();
    expectTypeOf<EventOf<'error'>['errno']>().toEqualTypeOf<Errno>();
    expectTypeOf<OpResultRec['errno']>().toEqualTypeOf<Errno | null>();
    expectTypeOf<RunOutcome['errno']>().toEqualTypeOf<Errno | null>();
    expectTypeOf<RunOutcome['errno']>().not.toEqualTypeOf<string | null>();
  });
});
