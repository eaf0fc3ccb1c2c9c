// Issue 14, item 1: City & Guilds Unit 001 assessed by the assignment City & Guilds sets (C4), all in
// the pages. Setup only, through the JSON API: a new learner of the journey's own on 3085-01 (so no
// other journey's learner is changed). Then the centre administrator records a new version of the
// assignment on the centre's assignments page (a task row added without JavaScript, the criteria
// ticked in words, the brief and marking guidance attached); the learner opens "Your assignment"
// from their registration, downloads the brief, starts their submission and signs and submits it
// on the one-step page; the assessor opens "Mark the assignment" from the assessment record, marks
// both tasks met with feedback in one submission, sees every criterion met and signs Unit 001 off;
// the exams officer sees the claim held for the external verification, records it as verified from
// the registration page, and the claims page no longer holds the learner for it. Each page is
// axe-checked, and the new pages are checked at 390 px for sideways scrolling.

import { newLearner } from '../lib/api.mjs';
import { expect } from '../lib/assert.mjs';
import { dayFromNow, rowWith } from '../lib/pages.mjs';

export const name = 'unit-001-assignment';
export const timeoutMs = 240_000;

const UNIT = 'cg-3085/u001';
const PASSWORD = 'unit 001 assignment journey password';
const AWAITING = 'awaiting external verification';

async function as(ctx, who, password) {
  if (ctx.signedIn) await ctx.signOut();
  await ctx.signIn(who.email, password);
  ctx.signedIn = who;
}

/** The centre administrator records a version: two tasks, every criterion covered. */
async function recordVersion(ctx, label) {
  const { page } = ctx;
  const centre = ctx.demo.centre.id;
  await ctx.visit(`/centres/${centre}`);
  await ctx.expectNavigation(() => page.locator('main a', { hasText: 'Assignments set by the awarding body' }).click(), {
    path: `/centres/${centre}/assignments`,
  });
  await ctx.atWidths('assignments-centre');
  await ctx.fill('Version label', label);
  await ctx.fill('Task title', 'The policy and legal context', { within: '#task-0-row' });
  // A third row, drawn again by the server: what was typed stays.
  await ctx.submit('Add another task', { path: `/centres/${centre}/assignments` });
  expect(await ctx.valueOf('Version label') === label, 'the version label is kept after adding a task');
  expect(await page.locator('#task-2-row').count() === 1, 'a third task row is drawn');
  await ctx.fill('Task title', 'Personalisation in practice', { within: '#task-1-row' });
  for (const row of [0, 1]) {
    await page.locator(`#task-${row}-row details > summary`).first().click();
  }
  // Task 1 covers learning outcomes 1 to 3, task 2 the rest; the third row stays empty.
  for (const [row, early] of [[0, true], [1, false]]) {
    for (const box of await page.locator(`input[name="task-${row}-criteria"]`).all()) {
      if (/\/lo[123]\//.test(await box.getAttribute('value')) === early) await box.check();
    }
  }
  await page.locator('#brief').setInputFiles({ name: 'unit-001-brief.txt', mimeType: 'text/plain', buffer: Buffer.from('Task 1: the policy and legal context.\nTask 2: personalisation in practice.\n') });
  await page.locator('#guidance').setInputFiles({ name: 'unit-001-guidance.txt', mimeType: 'text/plain', buffer: Buffer.from('Look for the person at the centre of each example.\n') });
  await ctx.submit('Record this version', { path: `/centres/${centre}/assignments?done=recorded` });
  await ctx.expectText('The version is recorded');
  await ctx.expectText(`version ${label}`);
  await ctx.expectText('Task 2: Personalisation in practice');
  await ctx.atWidths('assignments-centre-recorded');
}

/** The learner reads the assignment, starts their submission, signs and submits it. */
async function submit(ctx, registration, learner) {
  const { page } = ctx;
  await ctx.visit(`/registrations/${registration}`);
  await ctx.expectNavigation(() => page.locator('main a', { hasText: 'Your assignment: the brief' }).click(), {
    path: `/registrations/${registration}/assignment`,
  });
  await ctx.expectText('Your assignment: Unit 001');
  await ctx.expectText('Download the brief (unit-001-brief.txt)');
  const brief = await page.request.get(ctx.url(`/registrations/${registration}/assignment/brief`));
  expect(brief.status() === 200, `the brief downloads (${brief.status()})`);
  await ctx.atWidths('assignment-learner');
  await ctx.fill('Date you did the work', dayFromNow(-2).iso);
  await ctx.fill('Your answer (optional here: you can attach it as files next)', 'Personalisation puts the person at the centre: the laws and policies that say so, and how I work with them.');
  await ctx.submit('Start your submission', { path: /^\/evidence\/[^/]+\/one-step$/ });
  await ctx.fill('Type your full name to sign', learner.name);
  await ctx.submit('Sign and submit');
  await ctx.expectText('Submitted for assessment');
  await ctx.visit(`/registrations/${registration}/assignment`);
  await ctx.expectText('submitted');
}

/** The assessor marks both tasks in one submission, then signs Unit 001 off. */
async function mark(ctx, registration) {
  const { page } = ctx;
  const marking = `/registrations/${registration}/assignment/marking`;
  await ctx.visit(`/registrations/${registration}/assessment`);
  await ctx.expectNavigation(() => page.locator('main a', { hasText: 'Mark the Unit 001 assignment task by task' }).click(), { path: marking });
  await ctx.expectText('Personalisation puts the person at the centre');
  await ctx.expectText('Download the marking guidance (unit-001-guidance.txt)');
  await ctx.atWidths('assignment-marking');
  for (const task of [1, 2]) await page.locator(`#outcome-${task}-met`).check();
  await ctx.fill('Feedback on task 1 (needed for not yet met)', 'A clear account of the law and policy.');
  await ctx.fill('Feedback on task 2 (needed for not yet met)', 'Good examples from your own practice.');
  await ctx.submit('Record these marks', { path: `${marking}?done=marked` });
  await ctx.expectText('The marks are recorded');
  await ctx.expectText(/Criteria met on this submission \(\d+\)/);
  await ctx.atWidths('assignment-marked');
  await ctx.expectNavigation(() => page.locator('main a', { hasText: 'Go to the assessment record to sign Unit 001 off' }).click(), {
    path: `/registrations/${registration}/assessment`,
  });
  await ctx.visit(`/registrations/${registration}/units/${UNIT}/sign-off`);
  await ctx.submit('Sign off Unit 001');
  await ctx.expectText('signed off');
}

/** The exams officer: the claim waits for the verification, recorded from the registration page. */
async function verify(ctx, registration, learner) {
  const centre = ctx.demo.centre.id;
  await ctx.visit(`/centres/${centre}/claims`);
  const before = await rowWith(ctx, learner.name);
  expect(before.includes(AWAITING), `the claims page holds the learner for the verification: ${before}`);
  await ctx.visit(`/registrations/${registration}`);
  await ctx.check('Verified externally', { within: 'form.verification-form' });
  await ctx.fill('Note (optional): the verifier\'s visit or report', 'External verifier\'s visit: marking accepted.', { within: 'form.verification-form' });
  await ctx.submit('Record the verification', { within: 'form.verification-form', path: `/registrations/${registration}?done=verification` });
  await ctx.expectText('The external verification is recorded.');
  await ctx.atWidths('registration-verified');
  await ctx.visit(`/centres/${centre}/claims`);
  const after = await rowWith(ctx, learner.name);
  expect(!after.includes(AWAITING), `the claim no longer waits for the verification: ${after}`);
}

export async function run(ctx) {
  const { centreAdmin, assessor } = ctx.demo.accounts;
  const suffix = ctx.unique('u001');
  const { registration, learner } = await newLearner(ctx, {
    name: `Ròs Assignment ${suffix}`,
    email: `${suffix}@learners.example`,
    qualification: 'cg-3085-01',
    password: PASSWORD,
    reference: 'ABC1234',
  });
  await as(ctx, centreAdmin);
  await recordVersion(ctx, `City & Guilds 2027 ${suffix}`);
  await as(ctx, learner, PASSWORD);
  await submit(ctx, registration, learner);
  await as(ctx, assessor);
  await mark(ctx, registration);
  await as(ctx, centreAdmin);
  await verify(ctx, registration, learner);
}
