// Issue 14 (S4), open-learning authentication, as the people do it in the pages. Setup only,
// through the JSON API (as claims does): the centre administrator registers a new learner of the
// journey's own on City & Guilds 3085-02, on open learning, naming their authenticator (name, role,
// email); the learner chooses a password through the emailed link (in the page), evidences every
// Unit 002 criterion with a declared, submitted work product; the assessor judges each met and
// records an observation. Then, in the pages: the assessor tries to sign Unit 002 off and is
// refused until the authenticator has confirmed the evidence; opens the learner's authentication
// page, which lists the item as outstanding, and emails the authenticator a link; the
// authenticator (no account) opens the link read from the outbox, ticks the item and signs with
// name and role; the link then shows what was signed; the assessor sees the item authenticated
// and signs the unit off. Every page is axe-checked.

import { ok, tokenFor } from '../lib/api.mjs';
import { expect } from '../lib/assert.mjs';
import { dayFromNow } from '../lib/pages.mjs';

export const name = 'open-learning';
export const timeoutMs = 240_000;

const UNIT = 'cg-3085/u002';
const PASSWORD = 'open learning journey password for a new learner';
const REFUSED = "This unit cannot be signed off until the learner's authenticator has confirmed";

/** Every Unit 002 criterion id found under an `id` key in `value`. */
function unitCriteria(value, found = new Set()) {
  if (Array.isArray(value)) value.forEach((v) => unitCriteria(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'id' && typeof v === 'string' && new RegExp(`^${UNIT}/lo\\d+/ac[\\d.]+$`).test(v)) found.add(v);
      else unitCriteria(v, found);
    }
  }
  return [...found];
}

/** Setup: an open-learning learner on 3085-02 with every Unit 002 criterion judged met on a
 * declared work product, and an observation on record. (registration, evidence title) */
async function judgedLearner(ctx, learner, authenticator) {
  const { centreAdmin, assessor, iqa } = ctx.demo.accounts;
  const centre = ctx.demo.centre.id;
  const adminToken = await tokenFor(ctx, centreAdmin);
  const people = (await ok(ctx, adminToken, 'GET', `/api/v1/centres/${centre}`)).people;
  const idOf = (email) => people.find((p) => p.email === email)?.id;
  const registered = await ok(ctx, adminToken, 'POST', `/api/v1/centres/${centre}/registrations`, {
    learner: { name: learner.name, email: learner.email, date_of_birth: '1988-06-02' },
    qualification_id: 'cg-3085-02',
    start_date: dayFromNow(-60).iso,
    planned_end_date: dayFromNow(300).iso,
    workplace: 'Supported living service',
    employer: 'Care at Home Ltd',
    assessor_id: idOf(assessor.email),
    iqa_id: idOf(iqa.email),
    open_learning: true,
    authenticator: authenticator.name,
    authenticator_role: authenticator.role,
    authenticator_email: authenticator.email,
  });
  const registration = registered.id;
  const link = await ctx.mailedLink(learner.email, '/password/');
  await ctx.visit(link);
  await ctx.fill('New password', PASSWORD);
  await ctx.submit('Save password');
  await ctx.page.context().clearCookies();

  const learnerToken = await tokenFor(ctx, learner, PASSWORD);
  const tracked = await ok(ctx, learnerToken, 'GET', `/api/v1/registrations/${registration}/tracker`);
  const criteria = unitCriteria(tracked.tracker);
  expect(criteria.length > 10, `setup: Unit 002's criteria in the tracker: ${criteria.join(', ')}`);
  const title = `Mr B's support plan review ${ctx.unique()}`;
  const evidence = await ok(ctx, learnerToken, 'POST', `/api/v1/registrations/${registration}/evidence`, {
    kind: 'work_product', title, activity_date: dayFromNow(-5).iso,
    text: 'The support plan I reviewed with Mr B, and what changed because of what he said.',
  });
  await ok(ctx, learnerToken, 'PUT', `/api/v1/evidence/${evidence.id}/mappings`, { criteria });
  await ok(ctx, learnerToken, 'POST', `/api/v1/evidence/${evidence.id}/declaration`, { typed_name: learner.name });
  await ok(ctx, learnerToken, 'POST', `/api/v1/evidence/${evidence.id}/submit`);
  const assessorToken = await tokenFor(ctx, assessor);
  for (const criterion_id of criteria) {
    await ok(ctx, assessorToken, 'POST', `/api/v1/registrations/${registration}/decisions`, {
      criterion_id, outcome: 'met', evidence_ids: [evidence.id], feedback: 'Shown in the plan you reviewed with Mr B.',
    });
  }
  await ok(ctx, assessorToken, 'POST', `/api/v1/registrations/${registration}/observations`, {
    planned: true, observed_on: dayFromNow(-2).iso, setting: "Mr B's home, a support planning review",
    people_present: [{ name: 'Mr B', role: 'person supported', consent: true }],
    narrative: 'The learner led the review and checked each outcome with Mr B.',
    criteria: criteria.slice(0, 2), range_items: [],
  });
  return { registration, title };
}

export async function run(ctx) {
  const { assessor } = ctx.demo.accounts;
  const { page } = ctx;
  const learner = { name: `Rhona Open ${ctx.unique()}`, email: `${ctx.unique('rhona')}@example.test` };
  const authenticator = { name: 'Gordon Manager', role: 'Line manager', email: `${ctx.unique('gordon')}@example.test` };
  const { registration, title } = await judgedLearner(ctx, learner, authenticator);

  // The assessor tries to sign Unit 002 off: refused until the authenticator has confirmed.
  await ctx.signIn(assessor.email);
  await ctx.visit(`/registrations/${registration}/assessment`);
  // The confirmation page says what is being signed; its button signs.
  await ctx.expectNavigation(() => ctx.page.getByRole('link', { name: 'Sign off Unit 002…' }).click());
  await ctx.expectText('What is being signed');
  await ctx.checkSkipLink();
  await ctx.submit('Sign off Unit 002', { status: 422 });
  await ctx.expectText(REFUSED);
  await ctx.expectText(title);

  // The learner's authentication page lists the item as outstanding; the assessor emails the link.
  await ctx.visit(`/registrations/${registration}/authentication`);
  await ctx.expectText(authenticator.name);
  await ctx.expectText(title);
  await ctx.submit('Email the authenticator a link to confirm the outstanding items', {
    path: `/registrations/${registration}/authentication?done=asked`,
  });
  await ctx.expectText('The authenticator has been emailed a link listing the outstanding items.');
  await ctx.signOut();

  // The authenticator, without an account, opens the link from the outbox, ticks and signs.
  const link = await ctx.mailedLink(authenticator.email, '/authenticate/');
  await ctx.visit(link);
  await ctx.expectText(`Confirm ${learner.name}'s evidence is their own work`);
  await ctx.expectText(title);
  await page.locator('main input[name=confirmed]').first().check();
  await ctx.fill('Your full name', authenticator.name);
  await ctx.fill('Your role', authenticator.role);
  await ctx.submit('Sign');
  await ctx.expectText('This link has been used: below is what you signed.');
  await ctx.expectText(`Confirmed as the candidate's own work by ${authenticator.name}, ${authenticator.role}`);

  // The assessor now signs the unit off.
  await ctx.signIn(assessor.email);
  await ctx.visit(`/registrations/${registration}/assessment`);
  // The confirmation page says what is being signed; its button signs.
  await ctx.expectNavigation(() => ctx.page.getByRole('link', { name: 'Sign off Unit 002…' }).click());
  await ctx.expectText('What is being signed');
  await ctx.checkSkipLink();
  await ctx.submit('Sign off Unit 002');
  await ctx.expectText('Signed off and locked');
}
