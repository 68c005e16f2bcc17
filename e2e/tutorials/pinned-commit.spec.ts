// Tutorial "pinned-commit", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { pinnedCommit } from '../../app/tutorials/library/pinnedCommit.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${pinnedCommit.title}`, async ({ page }) => {
  await learn(page, pinnedCommit);
});
