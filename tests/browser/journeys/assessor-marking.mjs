// Issue 16, judging as assessors do it: a learner's whole Unit 001 assignment judged from the
// evidence itself, in one page. Setup only, through the JSON API: a new learner of the journey's own
// submits the Unit 001
// assignment (recorded by the centre if none is in force), mapped to every criterion, and signs
// its declaration. Then, in the pages: the assessor opens the learner's assessment record, follows
// "Mark …" from the evidence waiting for judgement to the marking workspace (the evidence beside
// every criterion in words), chooses met for every criterion with one link, changes two to not yet
// met with feedback, and records all of them in one submission (budget: 3). The record then shows
// the criteria met and the two not yet met; the item is back with the learner for those two. The
// workspace is checked at 1280 and 390 px; the steps are printed.

import { expect } from '../lib/assert.mjs';
import { newLearner, ok, tokenFor } from '../lib/api.mjs';
import { UNIT_001, assignmentInForce } from '../lib/assignment.mjs';
import { dayFromNow } from '../lib/pages.mjs';
import { Steps } from '../lib/steps.mjs';

export const name = 'assessor-marking';
export const timeoutMs = 180_000;

const PASSWORD = 'marking journey password for a new learner';
const NOT_YET = 'Say how you would check what Mr B wants before the review; the account does not show it yet.';

/** Setup: a new learner's Unit 001 assignment submitted and declared; its registration, evidence and criteria. */
async function submittedAssignment(ctx) {
  const { centreAdmin } = ctx.demo.accounts;
  const { registration, token: learnerToken, learner } = await newLearner(ctx, {
    name: `Ewan Marking ${ctx.unique()}`,
    email: `${ctx.unique('ewan')}@example.test`,
    qualification: 'cg-3085-01',
    password: PASSWORD,
  });
  const tracked = await ok(ctx, learnerToken, 'GET', `/api/v1/registrations/${registration}/tracker`);
  const unit = tracked.tracker.units.find((u) => u.id === UNIT_001);
  expect(unit, `setup: ${learner.name}'s qualification has no Unit 001`);
  const items = unit.outcomes.flatMap((o) => o.items);
  const adminToken = await tokenFor(ctx, centreAdmin);
  await assignmentInForce(ctx, adminToken, ctx.demo.centre.id, items.map((i) => i.id));
  const submitted = await ok(ctx, learnerToken, 'POST', `/api/v1/registrations/${registration}/assignment/submission`, {
    title: `Planning with Mr B ${ctx.unique()}`,
    activity_date: dayFromNow(-2).iso,
    text: 'Mr B chose who came to his review and what we talked about first. I wrote his plan in his words.',
  });
  const evidence = submitted.evidence_id;
  await ok(ctx, learnerToken, 'POST', `/api/v1/evidence/${evidence}/declaration`, { typed_name: learner.name });
  await ok(ctx, learnerToken, 'POST', `/api/v1/evidence/${evidence}/submit`);
  return { registration, evidence, items };
}

export async function run(ctx) {
  const { assessor } = ctx.demo.accounts;
  const { page } = ctx;
  const { registration, evidence, items } = await submittedAssignment(ctx);
  const words = (i) => `${i.number} ${i.text.trim()}`;
  const [first, second] = items;

  await ctx.signIn(assessor.email);
  await ctx.visit(`/registrations/${registration}/assessment`);
  const steps = new Steps(page, `the assessor judges a ${items.length}-criterion Unit 001 assignment`);
  const mark = page.locator(`#waiting ~ ul a[href="/evidence/${evidence}/marking"]`);
  expect(await mark.count() === 1, 'the assessment record lists the submitted assignment as waiting for judgement');
  steps.click();
  await ctx.expectNavigation(() => mark.click(), { path: `/evidence/${evidence}/marking` });
  for (const i of [first, second]) await ctx.expectText(words(i));
  await ctx.atWidths('marking-workspace');
  steps.click();
  await ctx.expectNavigation(() => page.getByRole('link', { name: 'Choose met for every criterion not yet met' }).click());
  // Two criteria are not yet met, each with its feedback.
  for (const i of [first, second]) {
    const row = page.locator('main [id^="criterion-"]').filter({ hasText: words(i) });
    expect(await row.count() === 1, `the workspace has one row for "${words(i)}"`);
    await row.getByLabel('Not yet met', { exact: true }).check();
    await row.locator('textarea').fill(NOT_YET);
    steps.click(2);
    steps.key(NOT_YET.length);
  }
  steps.click();
  await ctx.submit('Record these judgements', { path: `/evidence/${evidence}/marking?done=judged` });
  steps.within({ submissions: 3 });
  await ctx.expectText('Your judgements are recorded');

  // The record shows what was judged; the two not yet met are back with the learner.
  await ctx.visit(`/registrations/${registration}/assessment`);
  const cells = await page.locator('main tr').filter({ hasText: words(first) }).first().innerText();
  ctx.verify(/Not yet met/.test(cells), `the record's row for "${words(first)}" should read not yet met: "${cells}"`);
  const third = items[2];
  const metRow = await page.locator('main tr').filter({ hasText: words(third) }).first().innerText();
  ctx.verify(/\bMet\b/.test(metRow), `the record's row for "${words(third)}" should read met: "${metRow}"`);
}
