// Tutorial "srcmap-read", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { srcmapRead } from '../../app/tutorials/library/srcmapRead.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${srcmapRead.title}`, async ({ page }) => {
  await learn(page, srcmapRead);
});
