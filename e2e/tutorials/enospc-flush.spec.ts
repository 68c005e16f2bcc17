// Tutorial "enospc-flush", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { enospcFlush } from '../../app/tutorials/library/enospcFlush.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${enospcFlush.title}`, async ({ page }) => {
  await learn(page, enospcFlush);
});
