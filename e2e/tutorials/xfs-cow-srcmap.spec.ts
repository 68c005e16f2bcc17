// Tutorial "xfs-cow-srcmap", gone through as a learner would (see learner.ts): fresh profile, start screen,
// the tutorial clicked, every checkpoint and question, progress, reload and restart.

import { test } from '@playwright/test';
import { xfsCowSrcmap } from '../../app/tutorials/library/xfsCowSrcmap.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${xfsCowSrcmap.title}`, async ({ page }) => {
  await learn(page, xfsCowSrcmap);
});
