// Tutorial "ordered-wait", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { orderedWait } from '../../app/tutorials/library/orderedWait.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${orderedWait.title}`, async ({ page }) => {
  await learn(page, orderedWait);
});
