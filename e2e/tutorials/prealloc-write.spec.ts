// Tutorial "prealloc-write", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { preallocWrite } from '../../app/tutorials/library/preallocWrite.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${preallocWrite.title}`, async ({ page }) => {
  await learn(page, preallocWrite);
});
