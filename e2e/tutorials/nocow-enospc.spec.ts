// Tutorial "nocow-enospc", gone through as a learner would (see learner.ts).

import { test } from '@playwright/test';
import { nocowEnospc } from '../../app/tutorials/library/nocowEnospc.ts';
import { learn } from './learner.ts';

test.describe.configure({ timeout: 120_000 });

test(`tutorial: ${nocowEnospc.title}`, async ({ page }) => {
  await learn(page, nocowEnospc);
});
