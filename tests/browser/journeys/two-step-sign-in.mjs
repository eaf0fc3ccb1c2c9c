// Issue 17 (item 3): a new assessor turns on two-step sign-in from their account page (scan or
// type the key, type the app's code: 2 submissions), keeps the recovery codes, signs in with
// password then code (2 submissions), then with a recovery code when the phone is away; their
// centre administrator resets it (1 submission) and they sign in with their password alone.
// The authenticator app is played by RFC 6238 computed here from the key the page shows.

import { createHmac } from 'node:crypto';

import { expect } from '../lib/assert.mjs';
import { addAssessorWithPassword } from '../lib/people.mjs';

export const name = 'two-step-sign-in';

const PASSWORD = 'a kettle of unusual herons';

/** The six-digit code an authenticator app shows for a base32 key at `when` (ms). */
function appCode(base32, when = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(when / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/** Password, then the code page: the code typed by keyboard and Enter. */
async function signInWithCode(ctx, email, code) {
  await ctx.visit('/sign-in');
  await ctx.fill('Email address', email);
  await ctx.fill('Password', PASSWORD);
  await ctx.submit('Sign in', { path: '/sign-in/code' });
  await ctx.expectText('Your account signs in in two steps.');
  await ctx.checkA11y();
  await ctx.fill('Code from the app', code);
  await ctx.submit('Sign in', { path: '/home' });
}

export async function run(ctx) {
  const { centreAdmin } = ctx.demo.accounts;
  const person = { name: 'Ewan Two-Step', email: `${ctx.unique('ewan.twostep')}@example.test` };

  // The centre administrator adds the assessor; they choose their password from the emailed link.
  await addAssessorWithPassword(ctx, person, PASSWORD);
  const centrePath = `/centres/${ctx.demo.centre.id}`;

  // Turn it on: 2 submissions.
  await ctx.visit('/sign-in');
  await ctx.fill('Email address', person.email);
  await ctx.fill('Password', PASSWORD);
  await ctx.submit('Sign in', { path: '/home' });
  await ctx.visit('/account');
  await ctx.expectText('Two-step sign-in is off.');
  await ctx.submit('Set up two-step sign-in', { path: '/account/two-step' });
  await ctx.expectText('Scan this QR code with it.');
  expect(await ctx.page.locator('img.qr').count() === 1, 'the setting-up page shows the QR code');
  await ctx.checkA11y();
  await ctx.atWidths('two-step-setting-up');
  const key = (await ctx.page.locator('code.key').innerText()).trim();
  await ctx.fill('Code from the app', '000000');
  await ctx.submit('Turn on two-step sign-in', { status: 422, path: '/account/two-step/confirm' });
  await ctx.expectErrorSummary('The code is not right');
  await ctx.fill('Code from the app', appCode(key));
  await ctx.submit('Turn on two-step sign-in', { path: '/account/two-step/confirm' });
  await ctx.expectText('Your recovery codes');
  const codes = await ctx.page.locator('ul.recovery-codes code').allInnerTexts();
  expect(codes.length === 10, `ten recovery codes are shown; saw ${codes.length}`);
  await ctx.checkA11y();
  await ctx.atWidths('two-step-recovery-codes');
  await ctx.visit('/account');
  await ctx.expectText('Two-step sign-in is on');
  await ctx.expectText('You have 10 unused recovery codes');
  await ctx.signOut();

  // Password, then the code: a wrong code is said in words, then the next step's code works
  // (the code used to turn it on cannot be used again).
  await ctx.visit('/sign-in');
  await ctx.fill('Email address', person.email);
  await ctx.fill('Password', PASSWORD);
  await ctx.submit('Sign in', { path: '/sign-in/code' });
  await ctx.atWidths('two-step-code');
  await ctx.fill('Code from the app', '000000');
  await ctx.submit('Sign in', { status: 401, path: '/sign-in/code' });
  await ctx.expectText('The code is not right.');
  await ctx.fill('Code from the app', appCode(key, Date.now() + 30_000));
  await ctx.submit('Sign in', { path: '/home' });
  await ctx.signOut();

  // The phone is away: a recovery code, once.
  await signInWithCode(ctx, person.email, codes[0]);
  await ctx.visit('/account');
  await ctx.expectText('You have 9 unused recovery codes');
  await ctx.signOut();

  // Lost phone and codes: the centre administrator resets it on the staff record (1 submission).
  await ctx.signIn(centreAdmin.email);
  await ctx.visit(centrePath);
  await ctx.visit(await ctx.page.getByRole('link', { name: person.name }).first().getAttribute('href'));
  await ctx.page.getByText('Reset two-step sign-in', { exact: true }).click();
  await ctx.submit(`Reset two-step sign-in for ${person.name}`);
  await ctx.expectText('Their two-step sign-in is reset');
  await ctx.checkA11y();
  await ctx.signOut();
  await ctx.signIn(person.email, PASSWORD);
}
