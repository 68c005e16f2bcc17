// Tutorial "v1-bug", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { v1Bug } from '../../app/tutorials/library/v1Bug.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${v1Bug.title}`, async ({ page }) => {
  await learn(page, v1Bug);
});
