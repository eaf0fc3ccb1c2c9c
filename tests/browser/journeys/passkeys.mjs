// Issue 17 (item 3): passkeys, the second option for two-step sign-in. The device is Chromium's
// WebAuthn virtual authenticator (DevTools protocol): a platform authenticator that verifies the
// person (as a fingerprint or screen lock would) and answers at once.
// Steps: add a passkey from the account page (type a name, 1 submission, the device's prompt);
// sign in with password then passkey (2 submissions); a prompt that fails is said in words and
// the button is ready again; the centre administrator resets two-step sign-in (1 submission),
// which takes the passkey away; the person signs in with their password alone, adds a passkey
// again and removes it (1 submission each).

import { expect } from '../lib/assert.mjs';
import { addAssessorWithPassword } from '../lib/people.mjs';

export const name = 'passkeys';

const PASSWORD = 'a ledger of patient sparrows';

/** A platform authenticator on this page that verifies the person and answers at once. */
async function virtualAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    async credentials() {
      return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    },
    async verifies(yes) {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: yes });
    },
  };
}

async function passwordStep(ctx, email) {
  await ctx.visit('/sign-in');
  await ctx.fill('Email address', email);
  await ctx.fill('Password', PASSWORD);
  await ctx.submit('Sign in', { path: '/sign-in/code' });
}

async function addPasskey(ctx, label) {
  await ctx.visit('/account');
  await ctx.fill('Name for the passkey', label);
  await ctx.submit('Add a passkey', { path: /^\/account\?done=passkey-added/ });
  await ctx.expectText('Your passkey is added.');
  await ctx.expectText(label);
}

export async function run(ctx) {
  const { centreAdmin } = ctx.demo.accounts;
  const person = { name: 'Pria Passkey', email: `${ctx.unique('pria.passkey')}@example.test` };
  const device = await virtualAuthenticator(ctx.page);

  // The centre administrator adds the assessor; they choose their password from the emailed link.
  await addAssessorWithPassword(ctx, person, PASSWORD);
  const centrePath = `/centres/${ctx.demo.centre.id}`;

  // Add a passkey: a name, one submission, the device's prompt in between.
  await ctx.signIn(person.email, PASSWORD);
  await ctx.visit('/account');
  await ctx.expectText('You have no passkeys.');
  await ctx.expectText('Your device will ask for your fingerprint, face or screen lock.');
  await ctx.atWidths('passkeys-account');
  await addPasskey(ctx, 'Work laptop');
  expect((await device.credentials()).length === 1, 'the device holds one passkey');
  await ctx.expectText('Two-step sign-in is on with your passkeys');
  await ctx.expectText('not used to sign in yet');
  await ctx.checkA11y();
  await ctx.atWidths('passkeys-added');
  await ctx.signOut();

  // Password, then the passkey: 2 submissions, no code to type.
  await passwordStep(ctx, person.email);
  await ctx.expectText('Now use the passkey on this device.');
  expect(
    (await ctx.page.getByLabel('Code from the app').count()) === 0,
    'an account whose second step is a passkey is not asked for an app code',
  );
  await ctx.atWidths('passkeys-second-step');
  await ctx.submit('Sign in with your passkey', { path: '/home' });
  await ctx.visit('/account');
  await ctx.expectText('last used to sign in');
  await ctx.signOut();

  // The device cannot verify the person: said in words, the button ready again, no session.
  await device.verifies(false);
  await passwordStep(ctx, person.email);
  await ctx.page.getByRole('button', { name: 'Sign in with your passkey', exact: true }).click();
  await ctx.page.getByText('No passkey was used', { exact: false }).waitFor();
  expect(ctx.path() === '/sign-in/code', `a failed prompt stays on the page; at ${ctx.path()}`);
  const ready = await ctx.page
    .getByRole('button', { name: 'Sign in with your passkey', exact: true })
    .isEnabled();
  expect(ready, 'after a failed prompt the passkey button can be pressed again');
  await ctx.checkA11y();
  await device.verifies(true);
  await ctx.submit('Sign in with your passkey', { path: '/home' });
  await ctx.signOut();

  // Lost device: the centre administrator resets two-step sign-in (1 submission).
  await ctx.signIn(centreAdmin.email);
  await ctx.visit(centrePath);
  await ctx.visit(await ctx.page.getByRole('link', { name: person.name }).first().getAttribute('href'));
  await ctx.page.getByText('Reset two-step sign-in', { exact: true }).click();
  await ctx.submit(`Reset two-step sign-in for ${person.name}`);
  await ctx.expectText('Their two-step sign-in is reset');
  await ctx.signOut();

  // Password alone again; the old passkey is gone. A new one is added, then removed.
  await ctx.signIn(person.email, PASSWORD);
  await ctx.visit('/account');
  await ctx.expectText('You have no passkeys.');
  await addPasskey(ctx, 'My phone');
  await ctx.submit('Remove passkey My phone', { path: /^\/account\?done=passkey-removed/ });
  await ctx.expectText('The passkey is removed');
  await ctx.expectText('You have no passkeys.');
  await ctx.signOut();
}
