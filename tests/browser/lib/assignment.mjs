// Setup shared by journeys that judge City & Guilds Unit 001 (C4: its criteria are met only on the
// learner's submission of the centre's assignment in force): the assignment recorded once, through
// the JSON API, with one task covering every criterion.

import { expect } from './assert.mjs';

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
