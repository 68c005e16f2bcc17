// Built-in scenario S3-cached (kernel-facts S3): the v1 bug is harmless when the page is cached.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';
import { s03V1TypeBug } from './s03V1TypeBug.ts';

export const s03V1TypeBugCached: ScenarioSpec = {
  ...s03V1TypeBug,
  id: 'S3-cached',
  title: 'v1 bug with the page already cached: no damage',
  description:
    'The S3 workload again, but the first page is already in the page cache, uptodate and clean, before the write. An uptodate page needs neither a read nor zeroing, so __iomap_write_begin returns early and the misreported DELALLOC type of the v1 series does no harm. Both designs leave the same bytes on disk. This shows how the bug could slip through testing: it only corrupts data when the page has to come from disk.',
  files: s03V1TypeBug.files.map((f) => ({
    ...f,
    cached: [{ offset: 0, length: '4K' }],
  })),
};
