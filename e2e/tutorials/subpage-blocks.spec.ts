// Tutorial "subpage-blocks", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { subpageBlocks } from '../../app/tutorials/library/subpageBlocks.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${subpageBlocks.title}`, async ({ page }) => {
  await learn(page, subpageBlocks);
});
