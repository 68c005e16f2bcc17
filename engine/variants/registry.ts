// The designs under review, by id.

import type { VariantId } from '../scenario/types.ts';
import { legacyVariant } from './legacy.ts';
import { nestedApplyVariant } from './nestedApply.ts';
import { srcaddrVariant } from './srcaddr.ts';
import { srcmapVariant } from './srcmap.ts';
import { v1PostedVariant } from './v1Posted.ts';
import type { Variant } from './variant.ts';

export const VARIANTS: Readonly<Record<VariantId, Variant>> = {
  legacy: legacyVariant,
  'v1-posted': v1PostedVariant,
  srcmap: srcmapVariant,
  'nested-apply': nestedApplyVariant,
  srcaddr: srcaddrVariant,
};
