// Issue 6 and issue 16, internal quality assurance by sampling, as the people do it in the pages.
// Setup only, through the JSON API (as unit-002 does): learner1 submits the Unit 001 assignment
// (recorded by the centre if none is in force) and declares it; the assessor judges four criteria
// met. Then, in the pages: the IQA opens Sampling from the navigation, writes a sampling plan, opens
// the proposal and takes the proposed sample by keyboard; opens the learner's unit from the samples
// list, where every sampled decision shows in words, and in one submission agrees one and refers
// another with feedback and an action due in a week (budget: 2 submissions), then agrees the rest
// with one button (budget: 1); the assessor is told of the referral (notification), sees its action
// at /iqa-actions in words, judges the criterion again and closes the action with a note; the IQA
// agrees the referred decision again from the unit's page (resolved); the sampling report counts
// the sampled decisions. Every page is axe-checked; the steps of both IQA tasks are printed.

import { expect } from '../lib/assert.mjs';
import { ok, tokenFor } from '../lib/api.mjs';
import { assignmentInForce } from '../lib/assignment.mjs';
import { dayFromNow } from '../lib/pages.mjs';
import { Steps } from '../lib/steps.mjs';

export const name = 'iqa-sampling';
export const timeoutMs = 240_000;

const FEEDBACK = 'Say which part of the account shows the learner checked consent first.';
const ACTION = 'Add feedback naming where consent is shown in the account';
const NOTE = 'Feedback rewritten: it now names the paragraph where consent is shown.';

async function as(ctx, who) {
  if (ctx.signedIn) await ctx.signOut();
  await ctx.signIn(who.email);
  ctx.signedIn = who;
}

/** Setup: four criteria of learner1's first unit evidenced, submitted and judged met. */
async function decisionsToSample(ctx) {
  const { learner1: learner, assessor } = ctx.demo.accounts;
  const assessorToken = await tokenFor(ctx, assessor);
  const caseload = await ok(ctx, assessorToken, 'GET', '/api/v1/caseload');
  const row = caseload.learners.find((l) => l.learner_name === learner.name);
  expect(row, `setup: ${learner.name} is not in the assessor's caseload: ${JSON.stringify(caseload)}`);
  const registration = row.registration_id;
  const learnerToken = await tokenFor(ctx, learner);
  const tracked = await ok(ctx, learnerToken, 'GET', `/api/v1/registrations/${registration}/tracker`);
  const unit = tracked.tracker.units[0];
  const items = unit.outcomes.flatMap((o) => o.items).slice(0, 4);
  const criteria = items.map((i) => i.id);
  const words = items.map((i) => `${i.number} ${i.text.trim()}`);
  expect(criteria.length === 4, `setup: unit ${unit.id} should have four criteria; it has ${criteria.length}`);
  // C4: Unit 001 is met only on the learner's submission of the assignment in force.
  const adminToken = await tokenFor(ctx, ctx.demo.accounts.centreAdmin);
  await assignmentInForce(ctx, adminToken, ctx.demo.centre.id, unit.outcomes.flatMap((o) => o.items.map((i) => i.id)));
  const submitted = await ok(ctx, learnerToken, 'POST', `/api/v1/registrations/${registration}/assignment/submission`, {
    title: `Supporting Mrs D at lunch ${ctx.unique()}`,
    activity_date: dayFromNow(-3).iso,
    text: 'I asked Mrs D how she wanted to be supported before I helped her, and she chose.',
  });
  const evidence = { id: submitted.evidence_id };
  await ok(ctx, learnerToken, 'POST', `/api/v1/evidence/${evidence.id}/declaration`, { typed_name: learner.name });
  await ok(ctx, learnerToken, 'POST', `/api/v1/evidence/${evidence.id}/submit`);
  for (const criterion_id of criteria) {
    await ok(ctx, assessorToken, 'POST', `/api/v1/registrations/${registration}/decisions`, {
      criterion_id, outcome: 'met', evidence_ids: [evidence.id], feedback: 'Shown in your account.',
    });
  }
  return { registration, unit: unit.id, criteria, words, evidence: evidence.id };
}

/** The block of the unit's sample page about the decision on `words`, as a selector. */
async function decisionBlock(ctx, words) {
  const blocks = ctx.page.locator('section.sampled-decision').filter({ has: ctx.page.locator('h2', { hasText: words }) });
  expect(await blocks.count() === 1, `the unit's sample page should have one block for "${words}"; it has ${await blocks.count()}`);
  return `#${await blocks.getAttribute('id')}`;
}

export async function run(ctx) {
  const { iqa, assessor, learner1 } = ctx.demo.accounts;
  const centre = ctx.demo.centre.id;
  const { page } = ctx;
  const { registration, unit, criteria, words, evidence } = await decisionsToSample(ctx);
  const [agreedWords, referredWords] = words;
  const referred = criteria[1];
  const unitPage = `/registrations/${registration}/units/${unit}/sample`;

  // The IQA opens Sampling from the navigation and writes a plan covering today.
  await as(ctx, iqa);
  await ctx.expectNavigation(() => page.locator('nav[aria-label="Site"] a', { hasText: /^Sampling$/ }).click(), {
    path: `/centres/${centre}/sampling`,
  });
  const plan = '#plan-form';
  await (await ctx.field('Qualification', { within: plan })).selectOption('cg-3085-01');
  await ctx.fill('Period starts', dayFromNow(-30).iso, { within: plan });
  await ctx.fill('Period ends', dayFromNow(60).iso, { within: plan });
  await ctx.fill('Interim sampling on', dayFromNow(0).iso, { within: plan });
  await ctx.fill('Summative sampling on', dayFromNow(50).iso, { within: plan });
  await ctx.fill('Rate for experienced assessors, in percent', '100', { within: plan });
  const notes = `Journey plan ${ctx.unique()}`;
  await ctx.fill('Notes (optional)', notes, { within: plan });
  await ctx.submit('Save the plan', { within: plan });
  await ctx.checkSkipLink();

  // The proposal, in words: every decision is proposed (100%); the IQA takes it by keyboard. The
  // demo centre has plans of its own covering today, so the proposal is asked of this plan.
  const plans = await ok(ctx, await tokenFor(ctx, iqa), 'GET', `/api/v1/centres/${centre}/sampling/plans`);
  const ours = plans.plans.find((p) => p.notes === notes);
  expect(ours, `the plan just saved should be listed: ${JSON.stringify(plans.plans.map((p) => p.notes))}`);
  await ctx.visit(`/centres/${centre}/sampling/proposal?plan_id=${ours.id}`);
  for (const w of [agreedWords, referredWords]) await ctx.expectText(w);
  await ctx.checkSkipLink();
  await ctx.atWidths('proposal');
  await ctx.tabTo('Take the sample', { max: 300 });
  await ctx.expectNavigation(() => page.keyboard.press('Enter'));

  // The samples list has a row for the learner's unit; it opens the unit's sample.
  const row = page.locator('section[aria-labelledby=samples] tr').filter({ hasText: learner1.name });
  expect(await row.count() >= 1, `the samples list should have a row for ${learner1.name}`);
  await ctx.expectNavigation(() => row.first().locator('a').click(), { path: unitPage });
  for (const w of words) await ctx.expectText(w);
  await ctx.checkSkipLink();
  await ctx.atWidths('unit-sample');

  // Refer part of it: agree one, refer another with feedback and a dated action, in one go.
  const refer = new Steps(page, "the IQA agrees one decision and refers another on the unit's page");
  const agreedBlock = await decisionBlock(ctx, agreedWords);
  const referredBlock = await decisionBlock(ctx, referredWords);
  await ctx.check('Agree: the decision is sound', { within: agreedBlock });
  await ctx.check('Refer back to the assessor', { within: referredBlock });
  await page.locator(`${referredBlock} details summary`).click();
  await ctx.fill('Feedback to the assessor', FEEDBACK, { within: referredBlock });
  await ctx.fill('Action for the assessor', ACTION, { within: referredBlock });
  await ctx.fill('Action due on', dayFromNow(7).iso, { within: referredBlock });
  refer.click(3);
  refer.key(FEEDBACK.length + ACTION.length + 10);
  await ctx.submit('Record these checks', { path: `${unitPage}?done=checked` });
  refer.within({ submissions: 2 });
  await ctx.expectText('Your checks are recorded.');
  await ctx.expectText('Referred back to the assessor');

  // Agree the rest of the unit's sample with one button.
  const agreeRest = new Steps(page, "the IQA agrees the rest of the unit's sample");
  const agreeAll = page.locator('form.agree-all button');
  expect(await agreeAll.count() === 1, 'the unit page offers one button to agree every decision waiting');
  agreeRest.click();
  await ctx.expectNavigation(() => agreeAll.click(), { path: `${unitPage}?done=checked` });
  agreeRest.within({ submissions: 1 });
  expect(await page.locator('form.agree-all').count() === 0, 'nothing is left waiting once the rest is agreed');

  // The assessor is told of the referral (its feedback and action), sees the action at
  // /iqa-actions in words, judges the criterion again with better feedback, and closes the action.
  await as(ctx, assessor);
  await ctx.visit('/notifications');
  await ctx.expectText('An IQA referred a decision back to you');
  await ctx.soft(() => ctx.expectText(FEEDBACK));
  await ctx.visit('/iqa-actions');
  await ctx.expectText(ACTION);
  await ctx.expectText(referredWords);
  await ctx.checkSkipLink();
  await ctx.visit(`/registrations/${registration}/assessment?item=${encodeURIComponent(referred)}`);
  await ctx.check('Met');
  await page.locator(`input[name=evidence_ids][value="${evidence}"]`).check();
  await ctx.fill('Feedback for the learner (plain text; needed when not yet met)', 'Met: in your second paragraph you asked Mrs D for her consent before helping.');
  await ctx.submit('Record judgement');
  await ctx.expectText('The judgement is recorded');
  await ctx.visit('/iqa-actions');
  const actionForm = page.locator('main form[action^="/iqa-actions/"]').filter({ has: page.locator('textarea') }).first();
  const action = await actionForm.getAttribute('action');
  await ctx.fill('What you did about this action', NOTE, { within: `form[action="${action}"]` });
  // By keyboard: from the note, Tab to "Close this action" and press Enter.
  await ctx.tabTo('Close this action', { max: 5 });
  await ctx.expectNavigation(() => page.keyboard.press('Enter'), { path: '/iqa-actions?done=closed' });
  await ctx.expectText('The action is closed. The IQA has been told.');
  await ctx.expectText(NOTE);

  // The IQA checks the referred decision again from the unit's page and agrees it.
  await as(ctx, iqa);
  await ctx.visit(unitPage);
  await ctx.expectText('The assessor closed every action.');
  await ctx.submit('Agree the decision waiting for your check', { path: `${unitPage}?done=checked` });
  await ctx.expectText('Resolved: actions closed and the re-check agreed');

  // The samples list and the report show the sampled decisions.
  await ctx.visit(`/centres/${centre}/sampling`);
  await ctx.atWidths('samples-list');
  const listed = (await page.locator('section[aria-labelledby=samples] tr').filter({ hasText: learner1.name }).first().innerText()).replace(/\s+/g, ' ');
  ctx.verify(/\d+ agreed/.test(listed) && !/to check|referred/.test(listed), `the learner's unit row should say its decisions are agreed: "${listed}"`);
  await ctx.visit(`/centres/${centre}/sampling/report?plan_id=${ours.id}`);
  await ctx.expectText('CAMERA coverage');
  await ctx.checkSkipLink();
  const cells = await page
    .locator('section[aria-labelledby=rates] tr', { hasText: assessor.name })
    .locator('th, td')
    .allInnerTexts();
  expect(cells.length === 7, `the sampling rates table should have a row for ${assessor.name}; it has ${JSON.stringify(cells)}`);
  const [, , decisions, sampled, rate] = cells.map((c) => c.trim());
  ctx.verify(Number(decisions) >= criteria.length, `the report should count the assessor's ${criteria.length} decisions; it counts ${decisions}`);
  ctx.verify(Number(sampled) >= criteria.length, `the report should count the ${criteria.length} sampled decisions; the row reads ${JSON.stringify(cells)}`);
  ctx.verify(/^\d+%$/.test(rate), `the row should give a rate in percent; it reads ${JSON.stringify(cells)}`);
}
