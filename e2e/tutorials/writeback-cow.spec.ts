// Tutorial "writeback-cow", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { writebackCow } from '../../app/tutorials/library/writebackCow.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${writebackCow.title}`, async ({ page }) => {
  await learn(page, writebackCow);
});
