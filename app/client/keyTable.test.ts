import { describe, expect, it } from 'vitest';
import { bindingFor, KEY_TABLE, shortcutOf } from './keyTable.ts';

describe('the key table', () => {
  it('maps each key press to one command', () => {
    expect(bindingFor({ key: 'ArrowRight', shiftKey: false })?.command).toBe(
      'stepForward',
    );
    expect(bindingFor({ key: 'ArrowRight', shiftKey: true })?.command).toBe(
      'overForward',
    );
    expect(bindingFor({ key: 'ArrowUp', shiftKey: false })).toBeUndefined();
    expect(bindingFor({ key: '?', shiftKey: true })?.command).toBe('help');
    expect(bindingFor({ key: '}', shiftKey: true })?.command).toBe(
      'nextChapter',
    );
    expect(bindingFor({ key: 'L', shiftKey: true })?.command).toBe('prevLoss');
  });

  it('has no key bound twice and names every command once', () => {
    const seen = new Set<string>();
    for (const b of KEY_TABLE)
      for (const k of b.keys) {
        for (const shift of k.shift === undefined ? [false, true] : [k.shift]) {
          const id = `${k.key}/${String(shift)}`;
          expect(seen.has(id), id).toBe(false);
          seen.add(id);
        }
      }
    const commands = KEY_TABLE.map((b) => b.command);
    expect(new Set(commands).size).toBe(commands.length);
  });

  it('lists the walkthrough keys [ ] { }', () => {
    const labels = KEY_TABLE.map((b) => b.label);
    for (const k of ['[', ']', '{', '}']) expect(labels).toContain(k);
  });

  it('gives buttons their aria-keyshortcuts', () => {
    expect(shortcutOf('togglePlay')).toBe('Space');
    expect(shortcutOf('overBack')).toBe('Shift+ArrowLeft');
    expect(shortcutOf('nextStop')).toBe(']');
  });
});
