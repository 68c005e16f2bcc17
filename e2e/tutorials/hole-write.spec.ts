// Tutorial "hole-write", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { holeWrite } from '../../app/tutorials/library/holeWrite.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${holeWrite.title}`, async ({ page }) => {
  await learn(page, holeWrite);
});
