// Issue 6, internal quality assurance by sampling, as the people do it in the pages. Setup only,
// through the JSON API (as unit-002 does): learner1 submits the Unit 001 assignment (recorded by
// the centre if none is in force) and declares it; the assessor judges them met. Then, in the pages: the IQA opens Sampling from the
// navigation, writes a sampling plan, opens the proposal and takes the proposed sample; agrees
// one sampled decision and refers another with feedback and an action due in a week; the assessor
// is told of the referral (notification), sees its action at /iqa-actions, judges the criterion
// again in the assessment page and closes the action with a note; the IQA checks the referred
// decision again and agrees (resolved); the samples table and the sampling report show the
// sampled decisions. Every page is axe-checked; the outcome radios and "Take the sample" are
// operated by keyboard.

import { expect } from '../lib/assert.mjs';
import { assignmentInForce } from '../lib/assignment.mjs';
import { dayFromNow, rowWith } from '../lib/pages.mjs';

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

async function api(ctx, token, method, path, body) {
  const response = await fetch(ctx.url(path), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

async function ok(ctx, token, method, path, body, want = [200, 201]) {
  const answer = await api(ctx, token, method, path, body);
  expect(want.includes(answer.status), `setup: ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function tokenFor(ctx, who) {
  const session = await ok(ctx, null, 'POST', '/api/v1/sessions', { email: who.email, password: ctx.demo.password });
  return session.token;
}

/** Setup: three criteria of learner1's first unit evidenced, submitted and judged met. */
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
  const criteria = unit.outcomes.flatMap((o) => o.items.map((i) => i.id)).slice(0, 3);
  expect(criteria.length === 3, `setup: unit ${unit.id} should have three criteria; it has ${criteria.length}`);
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
  return { registration, criteria, evidence: evidence.id };
}

export async function run(ctx) {
  const { iqa, assessor } = ctx.demo.accounts;
  const centre = ctx.demo.centre.id;
  const { page } = ctx;
  const { registration, criteria, evidence } = await decisionsToSample(ctx);
  const [agreed, referred] = criteria;

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
  await ctx.fill('Notes (optional)', `Journey plan ${ctx.unique()}`, { within: plan });
  await ctx.submit('Save the plan', { within: plan });
  await ctx.checkSkipLink();

  // The proposal: every decision is proposed (100%); the IQA takes it by keyboard.
  await ctx.visit(`/centres/${centre}/sampling/proposal`);
  for (const c of [agreed, referred]) await ctx.expectText(c);
  await ctx.checkSkipLink();
  await ctx.tabTo('Take the sample', { max: 200 });
  await ctx.expectNavigation(() => page.keyboard.press('Enter'));
  await ctx.expectText(agreed);

  // A sampled decision, agreed.
  await ctx.visit(`/centres/${centre}/sampling`);
  await ctx.expectNavigation(() => page.getByRole('row').filter({ hasText: agreed }).locator('a').first().click(), { path: /^\/samples\// });
  const agreedSample = ctx.path();
  await ctx.expectText(assessor.name);
  await ctx.checkSkipLink();
  await page.locator('#outcome').check();
  await ctx.submit('Record the check', { path: `${agreedSample}?done=recorded` });
  await ctx.expectText('Your check is recorded. The assessor has been told.');

  // Another, referred with feedback and an action due in a week.
  await ctx.visit(`/centres/${centre}/sampling`);
  await ctx.expectNavigation(() => page.getByRole('row').filter({ hasText: referred }).locator('a').first().click(), { path: /^\/samples\// });
  const referredSample = ctx.path();
  expect(referredSample !== agreedSample, 'the two decisions have different samples');
  // By keyboard: Tab reaches the radio group, an arrow key moves to (and chooses) Refer.
  await ctx.tabTo('Agree: the decision is sound', { max: 100 });
  await page.keyboard.press('ArrowDown');
  const choice = await ctx.focused();
  expect(choice?.label === 'Refer back to the assessor, with actions', `ArrowDown should move to Refer; focus is on ${choice?.describe}`);
  expect(await page.locator('#outcome-refer').isChecked(), 'ArrowDown on the radio group should choose Refer');
  await ctx.fill('Feedback to the assessor (needed when you refer)', FEEDBACK);
  await ctx.fill('Action 1', ACTION);
  await ctx.fill('Action 1 due on', dayFromNow(7).iso);
  await ctx.submit('Record the check', { path: `${referredSample}?done=recorded` });
  await ctx.expectText('Your check is recorded. The assessor has been told.');
  await ctx.expectText('Referred back to the assessor');
  await ctx.expectText(FEEDBACK);
  await ctx.expectText(ACTION);

  // The assessor is told of the referral (its feedback and action), sees the action at
  // /iqa-actions, judges the criterion again with better feedback, and closes the action.
  await as(ctx, assessor);
  await ctx.visit('/notifications');
  await ctx.expectText('An IQA referred a decision back to you');
  await ctx.soft(() => ctx.expectText(FEEDBACK));
  await ctx.visit('/iqa-actions');
  await ctx.expectText(ACTION);
  await ctx.expectText(referred);
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

  // The IQA checks the referred decision again and agrees.
  await as(ctx, iqa);
  await ctx.visit(referredSample);
  await ctx.expectText('The assessor has closed every action.');
  await ctx.expectText(NOTE);
  await page.locator('#outcome').check();
  await ctx.submit('Record the check', { path: `${referredSample}?done=recorded` });
  await ctx.expectText('Resolved: actions closed and the re-check agreed');

  // The report shows the sampled decisions.
  await ctx.visit(`/centres/${centre}/sampling`);
  const agreedRow = await rowWith(ctx, agreed);
  const referredRow = await rowWith(ctx, referred);
  ctx.verify(/agree/i.test(agreedRow), `the agreed sample's row should say so: "${agreedRow}"`);
  ctx.verify(/resolved/i.test(referredRow), `the re-checked sample's row should say resolved: "${referredRow}"`);
  await ctx.visit(`/centres/${centre}/sampling/report`);
  await ctx.expectText('CAMERA coverage');
  await ctx.checkSkipLink();
  const cells = await page
    .locator('section[aria-labelledby=rates] tr', { hasText: assessor.name })
    .locator('th, td')
    .allInnerTexts();
  expect(cells.length === 7, `the sampling rates table should have a row for ${assessor.name}; it has ${JSON.stringify(cells)}`);
  const [, , decisions, sampled, rate] = cells.map((c) => c.trim());
  ctx.verify(Number(decisions) >= criteria.length, `the report should count the assessor's ${criteria.length} decisions; it counts ${decisions}`);
  // The three proposed decisions are sampled; the assessor's new judgement after the referral is
  // a decision of its own, not yet sampled.
  ctx.verify(Number(sampled) >= criteria.length, `the report should count the ${criteria.length} sampled decisions; the row reads ${JSON.stringify(cells)}`);
  ctx.verify(/^\d+%$/.test(rate), `the row should give a rate in percent; it reads ${JSON.stringify(cells)}`);
}
