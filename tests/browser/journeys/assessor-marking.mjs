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
import { submittedAssignment } from '../lib/assignment.mjs';
import { Steps } from '../lib/steps.mjs';

export const name = 'assessor-marking';
export const timeoutMs = 180_000;

const NOT_YET = 'Say how you would check what Mr B wants before the review; the account does not show it yet.';

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
