// A learner: the home page, the centre's administration refused (403), and the account page's
// change-password form refusing a password that is too short.

import { expectEqual } from '../lib/assert.mjs';

export const name = 'learner';

export async function run(ctx) {
  const learner = ctx.demo.accounts.learner1;
  const centre = ctx.demo.centre;

  await ctx.signIn(learner.email);
  await ctx.expectText(`Welcome, ${learner.name}`);
  await ctx.expectText('Your roles here: Learner.');
  await ctx.expectText('The qualifications and their criteria');

  await ctx.visit(`/centres/${centre.id}`, { status: 403 });
  await ctx.expectText('Not allowed');

  // The account page, by the header link.
  await ctx.visit('/home');
  await ctx.tabTo(`Account (${learner.name})`, { max: 20 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), { path: '/account' });
  await ctx.expectText('Change your password');
  await ctx.expectText(learner.email);

  // Too short a new password: 422, the error summary, focus can reach the field.
  await ctx.fill('Current password', ctx.demo.password);
  await ctx.fill('New password', 'too short');
  await ctx.submit('Change password', { status: 422, path: '/account/password' });
  const links = await ctx.expectErrorSummary('Use at least 12 characters');
  const link = links.find((l) => l.text.includes('Use at least 12 characters'));
  const focused = await ctx.followErrorLink(link.text);
  expectEqual(focused.label, 'New password', 'the label of the field focused from the error summary');

  // Still signed in: a refused change ends no session.
  await ctx.visit('/home');
  expectEqual(ctx.path(), '/home', 'after a refused password change, /home is at');
}
