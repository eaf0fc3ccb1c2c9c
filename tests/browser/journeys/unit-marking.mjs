// Issue 16, judging a whole unit at once: a learner's Unit 001 (every criterion evidenced by the
// centre's assignment) judged from the unit's marking workspace. Setup only, through the JSON API:
// a new learner of the journey's own submits and declares the Unit 001 assignment. Then, in the
// pages: the assessor opens the learner's assessment record, follows "Mark Unit 001 in one go",
// chooses met for every criterion with evidence with one link, changes one to not yet met with
// feedback, and records them all in one submission (budget: 3 submissions). The heading then
// counts the criteria met. A second submission with "not yet met" and no feedback is refused with
// the error summary, keeping the overall feedback typed and the choices made. The workspace is
// checked at 1280 and 390 px; the steps are printed.

import { expect } from '../lib/assert.mjs';
import { submittedAssignment } from '../lib/assignment.mjs';
import { Steps } from '../lib/steps.mjs';

export const name = 'unit-marking';
export const timeoutMs = 180_000;

const NOT_YET = 'Show how Mr B chose the people at his review; the account names them but not how he chose.';
const OVERALL = 'A clear account of planning with Mr B in his own words.';

/** The workspace's fieldset for the criterion `words`. */
function criterion(page, words) {
  return page.locator('main fieldset.criterion').filter({ has: page.locator('legend', { hasText: words }) });
}

export async function run(ctx) {
  const { assessor } = ctx.demo.accounts;
  const { page } = ctx;
  const { registration, items } = await submittedAssignment(ctx);
  const words = (i) => `${i.number} ${i.text.trim()}`;
  const [first, second] = items;

  await ctx.signIn(assessor.email);
  await ctx.visit(`/registrations/${registration}/assessment`);
  const steps = new Steps(page, `the assessor judges Unit 001's ${items.length} criteria from the unit page`);
  steps.click();
  await ctx.expectNavigation(() => page.getByRole('link', { name: /^Mark Unit \S+ in one go$/ }).first().click(), {
    path: /^\/registrations\/[^/]+\/units\/.+\/marking$/,
  });
  await ctx.expectText(words(first));
  await ctx.atWidths('unit-marking');
  steps.click();
  await ctx.expectNavigation(() => page.getByRole('link', { name: 'Choose met for every criterion with evidence not yet met' }).click());
  const row = criterion(page, words(first));
  expect(await row.count() === 1, `the unit page has one row for "${words(first)}"`);
  await row.getByLabel('Not yet met', { exact: true }).check();
  await row.locator('textarea').fill(NOT_YET);
  steps.click(2);
  steps.key(NOT_YET.length);
  steps.click();
  await ctx.submit('Record these judgements', { path: /\/marking\?done=judged$/ });
  steps.within({ submissions: 3 });
  await ctx.expectText('Your judgements are recorded');
  await ctx.expectText(`Criteria (${items.length - 1} of ${items.length} met)`);
  const kept = await criterion(page, words(first)).innerText();
  ctx.verify(/Latest decision: Not yet met/.test(kept), `"${words(first)}" should now read not yet met: "${kept}"`);

  // Not yet met without feedback: refused, and what was typed and chosen is still there.
  await criterion(page, words(second)).getByLabel('Not yet met', { exact: true }).check();
  await page.locator('#overall_feedback').fill(OVERALL);
  await ctx.submit('Record these judgements', { status: 422 });
  await ctx.expectErrorSummary('Tell the learner what is missing and what to do next');
  const overall = await page.locator('#overall_feedback').inputValue();
  ctx.verify(overall === OVERALL, `the overall feedback typed should be kept after the refusal: "${overall}"`);
  const still = await criterion(page, words(second)).getByLabel('Not yet met', { exact: true }).isChecked();
  ctx.verify(still, `the "not yet met" chosen for "${words(second)}" should still be chosen after the refusal`);
  await ctx.atWidths('unit-marking-refused');
}
