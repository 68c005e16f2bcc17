// Tutorial "fsync-power-cut", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { fsyncPowerCut } from '../../app/tutorials/library/fsyncPowerCut.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${fsyncPowerCut.title}`, async ({ page }) => {
  await learn(page, fsyncPowerCut);
});
