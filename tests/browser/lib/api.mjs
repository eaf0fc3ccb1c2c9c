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
