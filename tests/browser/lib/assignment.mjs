// Setup shared by journeys that judge City & Guilds Unit 001 (C4: its criteria are met only on the
// learner's submission of the centre's assignment in force): the assignment recorded once, through
// the JSON API, with one task covering every criterion.

import { expect } from './assert.mjs';
import { newLearner, ok, tokenFor } from './api.mjs';
import { dayFromNow } from './pages.mjs';

export const UNIT_001 = 'cg-3085/u001';

/** The centre's Unit 001 assignment in force, recorded by `adminToken` if there is none yet. */
export async function assignmentInForce(ctx, adminToken, centre, criteria) {
  const path = `/api/v1/centres/${centre}/assignments`;
  const headers = { authorization: `Bearer ${adminToken}` };
  const listing = await fetch(ctx.url(path), { headers });
  expect(listing.status === 200, `setup: listing the assignments answered ${listing.status}`);
  const listed = await listing.json();
  if (listed.assignments.some((a) => a.unit_id === UNIT_001 && a.in_force)) return;
  const form = new FormData();
  form.append('unit_id', UNIT_001);
  form.append('version_label', `Journey assignment ${ctx.unique()}`);
  form.append('in_force', 'true');
  form.append('tasks', JSON.stringify([{ number: 1, title: 'Personalisation', criterion_ids: criteria }]));
  form.append('brief', new Blob(['The brief.\n'], { type: 'text/plain' }), 'brief.txt');
  form.append('guidance', new Blob(['The marking guidance.\n'], { type: 'text/plain' }), 'guidance.txt');
  const response = await fetch(ctx.url(path), { method: 'POST', headers, body: form });
  expect(response.status === 201, `setup: recording the assignment answered ${response.status}: ${await response.text()}`);
}

const PASSWORD = 'marking journey password for a new learner';

/** Setup: a new learner's Unit 001 assignment submitted and declared; its registration, evidence and criteria. */
export async function submittedAssignment(ctx) {
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
