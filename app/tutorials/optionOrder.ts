// The order a question's options are shown in: a permutation fixed per question (the same on every visit,
// in every browser and in the tests) that does not follow the order the lesson lists them in, so the right
// answer is not always first. Pure: each option's place comes from a hash of the question's key and its id.

/** FNV-1a, 32 bits: a stable hash of a short string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The key of checkpoint `index`'s question in tutorial `tutorialId`. */
export function questionKey(tutorialId: string, index: number): string {
  return `${tutorialId}#${String(index)}`;
}

/** `options` in display order for the question `key`: sorted by the hash of key and option id. */
export function displayOrder<T extends { readonly id: string }>(
  key: string,
  options: readonly T[],
): readonly T[] {
  return options
    .map((o) => ({ o, h: fnv1a(`${key}/${o.id}`) }))
    .sort((a, b) => a.h - b.h || (a.o.id < b.o.id ? -1 : 1))
    .map((x) => x.o);
}
