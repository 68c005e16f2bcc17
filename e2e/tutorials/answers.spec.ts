// Answering a tutorial question as a learner who gets it wrong: the wrong try is told so and the
// explanation held back, the learner may try again or ask for the answer, and progress counts only the
// questions answered right on the first try (kept across a reload). Fresh profile, start screen, clicks.

import { expect, test } from '@playwright/test';
import { openApp, waitForIdle } from '../fixtures.ts';
import { srcmapRead } from '../../app/tutorials/library/srcmapRead.ts';

test.describe.configure({ timeout: 120_000 });

test('a wrong answer says so and lets the learner try again or see the answer', async ({
  page,
}) => {
  await openApp(page, '/');
  await page
    .getByTestId('start-screen')
    .getByRole('link', { name: srcmapRead.title, exact: true })
    .click();
  await waitForIdle(page);
  const form = page.getByTestId('tutorial-question');
  const feedback = page.getByTestId('answer-feedback');
  const explanation = srcmapRead.checkpoints[0]?.question?.explanation ?? '';
  // A wrong prediction: the srcmap is not a HOLE for this write.
  const hole = form.getByRole('radio', { name: 'HOLE: "same as the iomap"' });
  await hole.check();
  await form.getByRole('button', { name: 'Check answer' }).click();
  await expect(feedback).toContainText('Not quite.');
  await expect(feedback).toContainText('Try again.');
  await expect(feedback).not.toContainText(explanation);
  await expect(hole).toBeDisabled();
  await expect(
    form.getByRole('radio', { name: /MAPPED: the old extent X/ }),
  ).toBeEnabled();
  await page
    .getByTestId('tutorial-question')
    .screenshot({ path: 'reports/tutorials/answer-wrong.png' });
  // The learner asks for the answer: it is marked, and the explanation follows.
  await feedback.getByRole('button', { name: 'Show the answer' }).click();
  await expect(feedback).toHaveAttribute('data-settled', 'true');
  await expect(feedback).toContainText('The answer:');
  await expect(feedback).toContainText('MAPPED: the old extent X');
  await expect(feedback).toContainText(explanation);
  await expect(form.getByRole('radio')).toHaveCount(3);
  for (const radio of await form.getByRole('radio').all())
    await expect(radio).toBeDisabled();

  // The next question, right on the first try.
  await page.getByRole('button', { name: 'Next checkpoint' }).click();
  await waitForIdle(page);
  await form
    .getByRole('radio', {
      name: 'The block is read from the srcmap (extent X)',
    })
    .check();
  await form.getByRole('button', { name: 'Check answer' }).click();
  await expect(feedback).toContainText('Right, on the first try.');

  // Progress: one of two right on the first try, across a reload.
  await page.reload();
  await waitForIdle(page);
  await expect(feedback).toContainText('Right, on the first try.');
  await page.getByRole('button', { name: 'Start screen' }).click();
  await expect(page.getByTestId(`progress-${srcmapRead.id}`)).toHaveText(
    'Checkpoint 2 of 4 · 1 of 2 questions right on the first try',
  );
});
