// Someone signs in: a wrong password first (the error summary says so and keeps the email), the
// skip link, then the whole form by keyboard alone (Tab to each field, type, Enter), and sign out.

import { expect, expectEqual } from '../lib/assert.mjs';

export const name = 'sign-in';

export async function run(ctx) {
  const { page } = ctx;
  const person = ctx.demo.accounts.learner2;

  await ctx.visit('/sign-in');
  await ctx.expectText('Forgotten your password?');
  await ctx.checkSkipLink();

  // A wrong password: 401, the error summary, the email kept, the password not.
  await ctx.fill('Email address', person.email);
  await ctx.fill('Password', 'not the password of this account');
  await ctx.submit('Sign in', { status: 401, path: '/sign-in' });
  await ctx.expectErrorSummary('The email address or password is not right.');
  expectEqual(await ctx.valueOf('Email address'), person.email, 'the email field after a wrong password');
  expectEqual(await ctx.valueOf('Password'), '', 'the password field after a wrong password');

  // The right password, by keyboard alone, from the top of the page: Tab to each field, type over
  // what is there, Enter to submit.
  await ctx.visit('/sign-in');
  const email = await ctx.tabTo('Email address', { max: 15 });
  expectEqual(email.tag, 'input', 'the element labelled "Email address"');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(person.email);
  const password = await ctx.pressTab(1);
  expect(
    password?.label === 'Password',
    `Tab from the email field should reach the password field; it reached ${password ? password.describe : 'nothing'}`,
  );
  await page.keyboard.type(ctx.demo.password);
  await ctx.expectNavigation(() => page.keyboard.press('Enter'), { path: '/home' });
  await ctx.expectText(`Welcome, ${person.name}`);
  await ctx.expectText('Your roles here: Learner.');

  // Signed in, the sign-in page sends home; signing out ends the session.
  await ctx.visit('/sign-in');
  expectEqual(ctx.path(), '/home', 'GET /sign-in when signed in ends at');
  await ctx.signOut();
}
