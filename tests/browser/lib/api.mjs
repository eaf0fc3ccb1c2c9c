// Setup through the JSON API, for journeys that need records made before the pages are tried:
// `api` answers { status, body }, `ok` expects a success, `tokenFor` signs a demo account in.

import { expect } from './assert.mjs';

export async function api(ctx, token, method, path, body) {
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

export async function ok(ctx, token, method, path, body, want = [200, 201]) {
  const answer = await api(ctx, token, method, path, body);
  expect(want.includes(answer.status), `setup: ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A bearer token for `who` (a demo account, or { email } with `password`). */
export async function tokenFor(ctx, who, password = ctx.demo.password) {
  const session = await ok(ctx, null, 'POST', '/api/v1/sessions', { email: who.email, password });
  return session.token;
}

/**
 * A learner of the journey's own, registered by the centre administrator on `qualification` with
 * the demo assessor and IQA, who chooses `password` through the emailed link (in the page, then
 * signed out). Returns { registration, token, learner }.
 */
export async function newLearner(ctx, { name, email, qualification, password, reference = '' }) {
  const { centreAdmin, assessor, iqa } = ctx.demo.accounts;
  const centre = ctx.demo.centre.id;
  const adminToken = await tokenFor(ctx, centreAdmin);
  const people = (await ok(ctx, adminToken, 'GET', `/api/v1/centres/${centre}`)).people;
  const idOf = (wanted) => {
    const person = people.find((p) => p.email === wanted);
    expect(person, `setup: ${wanted} is not among the centre's people`);
    return person.id;
  };
  const today = new Date();
  const day = (offset) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const registered = await ok(ctx, adminToken, 'POST', `/api/v1/centres/${centre}/registrations`, {
    learner: { name, email, date_of_birth: '1990-03-14' },
    qualification_id: qualification,
    start_date: day(-60),
    planned_end_date: day(300),
    workplace: 'Day service',
    employer: 'Care at Home Ltd',
    assessor_id: idOf(assessor.email),
    iqa_id: idOf(iqa.email),
    awarding_body_ref: reference,
  });
  const link = await ctx.mailedLink(email, '/password/');
  await ctx.visit(link);
  await ctx.fill('New password', password);
  await ctx.submit('Save password');
  await ctx.page.context().clearCookies();
  const token = await tokenFor(ctx, { email }, password);
  return { registration: registered.id, token, learner: { name, email } };
}
