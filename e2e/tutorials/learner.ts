// The learner every tutorial spec plays: opens the app on a bare first visit, picks the tutorial on the start
// screen, and at each checkpoint checks what the lesson claims (every claimed state shown as holding, the
// elements it points at highlighted, the cursor on the event the checkpoint names), saves a screenshot,
// answers the question by trying the options in the order shown until one is right (a wrong try is told
// so and can try again), and moves on with the keyboard. At the end it checks the
// saved progress, a reload and a restart. A lesson whose claims no longer hold in the engine fails here.

import { expect, type Page } from '@playwright/test';
import type { Question, Tutorial } from '../../app/tutorials/types.ts';
import { openApp, sim, waitForIdle } from '../fixtures.ts';

const SHOTS = 'reports/tutorials';

/**
 * Answers the question as a learner does: tries the options in the order shown until the engine says one is
 * right. A wrong try says so, keeps the explanation back and closes that option; the second try is made with
 * the keyboard. Returns whether the first try was right.
 */
async function answerUntilRight(
  page: Page,
  t: Tutorial,
  index: number,
  question: Question,
): Promise<boolean> {
  const form = page.getByTestId('tutorial-question');
  await expect(form.getByRole('group')).toContainText(question.prompt);
  const radios = form.getByRole('radio');
  await expect(radios).toHaveCount(question.options.length);
  const check = form.getByRole('button', { name: 'Check answer' });
  const feedback = page.getByTestId('answer-feedback');
  for (let k = 0; k < question.options.length; k++) {
    const radio = radios.nth(k);
    if (k === 0) {
      await radio.check();
      await check.click();
    } else {
      // Later tries with the keyboard: focus the radio, select it with Space, submit with Enter.
      await radio.focus();
      await page.keyboard.press('Space');
      await expect(radio).toBeChecked();
      await check.focus();
      await page.keyboard.press('Enter');
    }
    if ((await feedback.getAttribute('data-correct')) === 'true') {
      await expect(feedback).toHaveAttribute('data-settled', 'true');
      await expect(feedback).toContainText(
        k === 0
          ? 'Right, on the first try.'
          : `Right, on try ${String(k + 1)}.`,
      );
      await expect(feedback).toContainText(question.explanation);
      // Every option is closed once the answer is known.
      for (let j = 0; j < question.options.length; j++)
        await expect(radios.nth(j)).toBeDisabled();
      return k === 0;
    }
    // Wrong: said so, the explanation held back, this option closed, the others still open.
    await expect(feedback).toHaveAttribute('data-settled', 'false');
    await expect(feedback).toContainText('Not quite.');
    await expect(feedback).toContainText('Try again.');
    await expect(feedback).not.toContainText(question.explanation);
    await expect(radio).toBeDisabled();
    await expect(check).toBeDisabled();
    if (k === 0)
      await page.screenshot({
        path: `${SHOTS}/${t.id}-${String(index + 1)}-wrong.png`,
      });
  }
  throw new Error(`no option of "${question.prompt}" was right`);
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

/** The "Next checkpoint" button's fill, text colour and cursor. */
async function primaryLook(page: Page): Promise<Record<string, string>> {
  return page
    .getByRole('button', { name: 'Next checkpoint' })
    .evaluate((el) => {
      const css = getComputedStyle(el);
      return {
        background: css.backgroundColor,
        color: css.color,
        cursor: css.cursor,
      };
    });
}

export async function learn(page: Page, t: Tutorial): Promise<void> {
  const count = t.checkpoints.length;
  const questions = t.checkpoints.filter((c) => c.question !== undefined);
  let firstTries = 0;
  let nextLook: Record<string, string> | null = null;
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
    if (
      cp.question !== undefined &&
      (await answerUntilRight(page, t, i, cp.question))
    )
      firstTries++;
    if (i < count - 1) {
      nextLook ??= await primaryLook(page);
      await page.getByRole('button', { name: 'Next checkpoint' }).focus();
      await page.keyboard.press('Enter');
      await waitForIdle(page);
    }
  }
  await expect(page.getByTestId('tutorial-complete')).toBeVisible();
  const next = page.getByRole('button', { name: 'Next checkpoint' });
  await expect(next).toBeDisabled();
  // ... and looks it: not the enabled button's fill and text colour.
  const disabledLook = await primaryLook(page);
  expect(disabledLook.background).not.toBe(nextLook?.background);
  expect(disabledLook.color).not.toBe(nextLook?.color);
  expect(disabledLook.cursor).toBe('not-allowed');

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
  // Progress counts the questions answered right on the first try.
  await expect(page.getByTestId(`progress-${t.id}`)).toHaveText(
    `Completed · ${String(firstTries)} of ${String(questions.length)} question${questions.length === 1 ? '' : 's'} right on the first try`,
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
    `Checkpoint 1 of ${String(count)} · 0 of ${String(questions.length)} question${questions.length === 1 ? '' : 's'} right on the first try`,
  );
}
