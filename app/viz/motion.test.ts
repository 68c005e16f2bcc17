// Motion follows the playback speed: full length when stepping by hand, shorter when playing, none when fast.

import { describe, expect, it } from 'vitest';
import { motionMs } from './motion.ts';

describe('motionMs', () => {
  it('is the full length when stepping by hand, at any speed', () => {
    expect(motionMs(1, false)).toBe(320);
    expect(motionMs(128, false)).toBe(320);
  });
  it('fits inside a step while playing and stops when a step is shorter than 40 ms', () => {
    expect(motionMs(1, true)).toBe(320);
    expect(motionMs(8, true)).toBe(88);
    expect(motionMs(16, true)).toBe(44);
    expect(motionMs(32, true)).toBe(0);
    expect(motionMs(128, true)).toBe(0);
  });
});
