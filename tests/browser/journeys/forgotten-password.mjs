// Someone who forgot their password asks for a link (public): from the sign-in page by keyboard,
// an empty form first, then an email address; the answer never says whether the account exists.

import { expectEqual } from '../lib/assert.mjs';

export const name = 'forgotten-password';

export async function run(ctx) {
  await ctx.visit('/sign-in');
  await ctx.tabTo('Forgotten your password?', { max: 20 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), { path: '/password/forgot' });
  await ctx.expectText('Reset your password');
  await ctx.checkSkipLink();

  // Empty: the error summary links to the email field.
  await ctx.submit('Send the link', { status: 422, path: '/password/forgot' });
  const links = await ctx.expectErrorSummary('Enter an email address');
  const focused = await ctx.followErrorLink(links[0].text);
  expectEqual(focused.label, 'Email address', 'the label of the field focused from the error summary');

  // An address with no account, then one with an account: the same notice.
  const notice = 'If an account uses that email address, we have sent it a link to choose a new password.';
  await ctx.fill('Email address', `${ctx.unique('nobody')}@example.test`);
  await ctx.submit('Send the link', { path: '/password/forgot' });
  await ctx.expectText(notice);
  await ctx.visit('/password/forgot');
  await ctx.fill('Email address', ctx.demo.accounts.learner3.email);
  await ctx.submit('Send the link', { path: '/password/forgot' });
  await ctx.expectText(notice);
}
