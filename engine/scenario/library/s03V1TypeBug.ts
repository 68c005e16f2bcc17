// Built-in scenario S3 (kernel-facts S3): the v1 series zeroes instead of reading.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';
import { s02UnalignedOverwrite } from './s02UnalignedOverwrite.ts';

export const s03V1TypeBug: ScenarioSpec = {
  ...s02UnalignedOverwrite,
  id: 'S3',
  title: 'v1 bug: the COW type is overwritten, old bytes are zeroed',
  description:
    'The same 200-byte unaligned overwrite as S2, run through the first posted series (v1) beside the merged srcmap design. In v1, btrfs marks the mapping IOMAP_COW for an unaligned write but then overwrites the type with IOMAP_DELALLOC, so iomap never sees the copy-on-write request and ignores the source mapping. Because the block is only partly covered and the mapping is not MAPPED, the v5.2 rule zeroes the uncovered bytes [0, 100) and [300, 4096) instead of reading them from X. Writeback then copies the zeroed page into the new extent, which is silent data loss. Compare the file contents after writeback with the srcmap run.',
  kernelFacts: 'S3',
  variants: ['v1-posted', 'srcmap'],
};
