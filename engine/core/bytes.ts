// Byte arrays compared: the one equality the oracles and the tree code share.

/** Byte equality, four bytes at a time where both arrays allow it. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = Math.floor(a.length / 4);
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    while (i < words && wa[i] === wb[i]) i++;
    i *= 4;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
