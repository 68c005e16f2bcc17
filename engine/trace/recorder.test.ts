import { describe, expect, it } from 'vitest';
import { Recorder } from './recorder.ts';

describe('Recorder notes', () => {
  it('builds a note given as a function only when the event is recorded', () => {
    let built = 0;
    const note = () => {
      built++;
      return 'built';
    };
    const off = new Recorder(false);
    off.emit('call.enter', { fn: 'f' }, note);
    off.call('g', note, () => 0);
    expect(built).toBe(0);
    expect(off.events).toHaveLength(0);

    const on = new Recorder(true);
    on.mute(() => {
      on.emit('call.enter', { fn: 'f' }, note);
    });
    expect(built).toBe(0);
    on.call('g', note, () => 0);
    expect(built).toBe(1);
    expect(on.events.map((e) => [e.kind, e.note])).toEqual([
      ['call.enter', 'built'],
      ['call.exit', 'return from g'],
    ]);
  });

  it('keeps the event keys in the golden order, with changes only when there are some', () => {
    const rec = new Recorder(true);
    rec.emit('call.enter', { fn: 'f' }, 'plain');
    rec.change('counters', 'c', null, null);
    rec.emit('call.exit', { fn: 'f' }, 'with a change');
    expect(Object.keys(rec.events[0] ?? {})).toEqual([
      'seq',
      't',
      'depth',
      'kfn',
      'op',
      'note',
      'kind',
      'fn',
    ]);
    expect(Object.keys(rec.events[1] ?? {})).toEqual([
      'seq',
      't',
      'depth',
      'kfn',
      'op',
      'note',
      'changes',
      'kind',
      'fn',
    ]);
  });
});

describe('Recorder calls', () => {
  it('leaves the record changes of a call that emitted nothing to the next event', () => {
    const rec = new Recorder(true);
    rec.call('quiet', 'enter', () => {
      rec.change('counters', 'c', null, null);
    });
    rec.emit('op.end', { result: 0, errno: null }, 'narrates the change');
    expect(rec.events.map((e) => [e.kind, e.changes?.length ?? 0])).toEqual([
      ['call.enter', 0],
      ['call.exit', 0],
      ['op.end', 1],
    ]);
  });

  it('attaches them to the call.exit when the call emitted events of its own', () => {
    const rec = new Recorder(true);
    rec.call('busy', 'enter', () => {
      rec.emit('error', { errno: 'EIO', message: 'x' }, 'inside');
      rec.change('counters', 'c', null, null);
    });
    expect(rec.events.map((e) => [e.kind, e.changes?.length ?? 0])).toEqual([
      ['call.enter', 0],
      ['error', 0],
      ['call.exit', 1],
    ]);
  });
});
