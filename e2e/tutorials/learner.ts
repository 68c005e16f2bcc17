// The learner every tutorial spec plays: opens the app on a bare first visit, picks the tutorial on the start
// screen, and at each checkpoint checks what the lesson claims (every claimed state shown as holding, the
// elements it points at highlighted, the cursor on the event the checkpoint names), saves a screenshot,
// answers the question once wrong and once right, and moves on with the keyboard. At the end it checks the
// saved progress, a reload and a restart. A lesson whose claims no longer hold in the engine fails here.

import { expect, type Page } from '@playwright/test';
import type { Question, Tutorial } from '../../app/tutorials/types.ts';
import { openApp, sim, waitForIdle } from '../fixtures.ts';

const SHOTS = 'reports/tutorials';

async function answerWrongThenRight(
  page: Page,
  question: Question,
): Promise<void> {
  const form = page.getByTestId('tutorial-question');
  await expect(form.getByRole('group')).toContainText(question.prompt);
  const radios = form.getByRole('radio');
  await expect(radios).toHaveCount(question.options.length);
  const feedback = page.getByTestId('answer-feedback');
  const right: number[] = [];
  let last = -1;
  // Every option in turn: each one's verdict is the engine's, so exactly one must be right.
  for (const [k, option] of question.options.entries()) {
    await radios.nth(k).check();
    await form.getByRole('button', { name: 'Check answer' }).click();
    await expect(feedback).toContainText(option.label);
    await expect(feedback).toContainText(question.explanation);
    if ((await feedback.getAttribute('data-correct')) === 'true') right.push(k);
    last = k;
  }
  expect(right, 'exactly one option is right').toHaveLength(1);
  const correct = right[0] ?? 0;
  if (last !== correct) {
    // Back to the right one with the keyboard: focus its radio, select it with Space, submit with Enter.
    await radios.nth(correct).focus();
    await page.keyboard.press('Space');
    await expect(radios.nth(correct)).toBeChecked();
    await form.getByRole('button', { name: 'Check answer' }).focus();
    await page.keyboard.press('Enter');
  }
  await expect(feedback).toHaveAttribute('data-correct', 'true');
  await expect(feedback).toContainText('Right.');
}

async function checkCheckpoint(
  page: Page,
  t: Tutorial,
  index: number,
): Promise<void> {
  const cp = t.checkpoints[index];
  if (cp === undefined) throw new Error(`no checkpoint ${String(index)}`);
  await expect(page.getByTestId('tutorial-progress')).toHaveText(
    `Checkpoint ${String(index + 1)} of ${String(t.checkpoints.length)}: ${cp.title}`,
  );
  await expect(page.getByTestId('off-checkpoint')).toHaveCount(0);
  await expect(page.getByTestId('tutorial-narration')).toHaveText(cp.narration);
  // The cursor stands on the event the checkpoint names.
  const { cursor } = await sim.position(page);
  const text =
    cp.at.kind === 'call.enter' || cp.at.kind === 'call.exit'
      ? ''
      : (cp.at.text ?? '');
  expect(await sim.findEvent(page, cp.at.kind, cursor, text)).toBe(cursor);
  // Every claimed state holds in the engine at this step.
  const claims = page.getByTestId('tutorial-claims').getByRole('listitem');
  await expect(claims).toHaveCount(cp.claims.length);
  for (let c = 1; c <= cp.claims.length; c++)
    await expect(page.getByTestId(`claim-${String(c)}`)).toHaveAttribute(
      'data-holds',
      'true',
    );
  await expect(page.getByTestId('claims-failing')).toHaveCount(0);
  // What to look at is highlighted.
  for (const id of cp.look)
    await expect(page.getByTestId(id).first()).toHaveAttribute(
      'data-highlight',
      'true',
    );
  const first = cp.look[0];
  if (first !== undefined)
    await page.getByTestId(first).first().scrollIntoViewIfNeeded();
  await page.screenshot({
    path: `${SHOTS}/${t.id}-${String(index + 1)}.png`,
  });
}

export async function learn(page: Page, t: Tutorial): Promise<void> {
  const count = t.checkpoints.length;
  const questions = t.checkpoints.filter((c) => c.question !== undefined);
  await openApp(page, '/');
  const start = page.getByTestId('start-screen');
  await expect(start).toBeVisible();
  await expect(page.getByTestId(`progress-${t.id}`)).toContainText(
    'Not started',
  );
  await start.getByRole('link', { name: t.title, exact: true }).click();
  await waitForIdle(page);
  await expect(page.getByTestId('tutorial')).toBeVisible();
  await expect(page.getByTestId('start-screen')).toHaveCount(0);
  await expect(page.getByTestId('scenario-summary')).toContainText(
    `${t.scenario}:`,
  );

  for (const [i, cp] of t.checkpoints.entries()) {
    await checkCheckpoint(page, t, i);
    if (cp.question !== undefined)
      await answerWrongThenRight(page, cp.question);
    if (i < count - 1) {
      await page.getByRole('button', { name: 'Next checkpoint' }).focus();
      await page.keyboard.press('Enter');
      await waitForIdle(page);
    }
  }
  await expect(page.getByTestId('tutorial-complete')).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Next checkpoint' }),
  ).toBeDisabled();

  // Stepping away from the checkpoint is noticed, and one button brings the cursor back.
  await page.getByRole('button', { name: 'Previous checkpoint' }).click();
  await waitForIdle(page);
  await page.keyboard.press('ArrowRight');
  await waitForIdle(page);
  await expect(page.getByTestId('off-checkpoint')).toBeVisible();
  await page.getByRole('button', { name: 'Back to the checkpoint' }).click();
  await waitForIdle(page);
  await expect(page.getByTestId('off-checkpoint')).toHaveCount(0);

  // Progress is saved: the start screen shows it, and a reload reopens the tutorial where the URL says.
  await page.getByRole('button', { name: 'Start screen' }).click();
  await expect(page.getByTestId(`progress-${t.id}`)).toHaveText(
    `Completed · ${String(questions.length)} of ${String(questions.length)} question${questions.length === 1 ? '' : 's'} right`,
  );
  await page.reload();
  await waitForIdle(page);
  await expect(page.getByTestId('tutorial-progress')).toContainText(
    `Checkpoint ${String(count - 1)} of ${String(count)}`,
  );
  await page.getByRole('button', { name: 'Restart tutorial' }).click();
  await waitForIdle(page);
  await checkCheckpoint(page, t, 0);
  await page.getByRole('button', { name: 'Start screen' }).click();
  await expect(page.getByTestId(`progress-${t.id}`)).toHaveText(
    `Checkpoint 1 of ${String(count)} · 0 of ${String(questions.length)} question${questions.length === 1 ? '' : 's'} right`,
  );
}
