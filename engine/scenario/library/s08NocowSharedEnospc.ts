// Built-in scenario S8-shared (kernel-facts S8): a shared extent refuses nocow, so ENOSPC.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';
import { s08NocowEnospc } from './s08NocowEnospc.ts';

export const s08NocowSharedEnospc: ScenarioSpec = {
  ...s08NocowEnospc,
  id: 'S8-shared',
  title: 'ENOSPC when the extent is shared',
  description:
    'The S8 setup, except that a snapshot also references X, so the extent is shared. A shared extent must not be overwritten in place, so can_nocow_extent refuses the nocow fallback and the write has no space to go to. The write fails with ENOSPC and nothing is dirtied. This is the counterpart of S8: the nocow escape hatch only works for extents that this file alone owns.',
  files: s08NocowEnospc.files.map((f) => ({
    ...f,
    extents: (f.extents ?? []).map((e) => ({ ...e, shared: true })),
  })),
};
