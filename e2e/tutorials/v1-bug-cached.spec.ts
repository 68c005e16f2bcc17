// Tutorial "v1-bug-cached", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { v1BugCached } from '../../app/tutorials/library/v1BugCached.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${v1BugCached.title}`, async ({ page }) => {
  await learn(page, v1BugCached);
});
