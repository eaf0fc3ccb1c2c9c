// Someone with no account reads the curriculum: the home page, each qualification, each unit, the
// SDS standards, and a page that does not exist; and moves around by keyboard alone.

import { expect } from '../lib/assert.mjs';

export const name = 'public-curriculum';

export async function run(ctx) {
  await ctx.visit('/');
  await ctx.expectText('Personalisation and self-directed support awards');
  await ctx.expectText('Level 4 Award in Principles of Personalisation in Health and Social Care');
  await ctx.expectText('Self-directed Support Framework of Standards');
  await ctx.checkSkipLink();

  // Follow the site navigation by keyboard alone: Tab to "Qualifications", Enter.
  await ctx.visit('/');
  const link = await ctx.tabTo('Qualifications', { max: 10 });
  expect(link.href === '/qualifications', `the Qualifications link goes to ${link.href}`);
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), { path: '/qualifications' });
  await ctx.expectText('Qualifications on this platform');

  await ctx.visit('/qualifications');
  await ctx.expectText('HN Unit FX35 35 Health and Social Care: Implementing Personalisation and Self-Directed Support');

  await ctx.visit('/qualifications/cg-3085-01');
  await ctx.expectText('Level 4 Award in Principles of Personalisation in Health and Social Care');
  await ctx.expectText('600/5652/6');

  await ctx.visit('/qualifications/cg-3085-02');
  await ctx.expectText('Level 4 Award in Delivering Personalisation in Practice in Health and Social Care');
  await ctx.expectText('600/5589/3');

  await ctx.visit('/qualifications/sqa-fx35-35');
  await ctx.expectText('40 notional hours');

  await ctx.visit('/units/cg-3085/u001');
  await ctx.expectText('Principles of personalisation in health and social care');
  await ctx.expectText('R/504/0232');
  await ctx.expectText('Types of budgets');

  await ctx.visit('/units/cg-3085/u002');
  await ctx.expectText('Use person-centred practices to deliver personalisation in health and social care');
  await ctx.expectText('Y/504/0233');
  await ctx.expectText('Unit 002 is assessed by portfolio.');

  await ctx.visit('/units/sqa-fx35-35');
  await ctx.expectText('Individual budget planning');

  await ctx.visit('/frameworks/sds-standards');
  await ctx.expectText('Self-directed Support Framework of Standards');
  await ctx.expectText('Personal budgets cannot be invested to generate income.');

  await ctx.visit('/qualifications/nope', { status: 404 });
  await ctx.expectText('Not found');
  await ctx.expectText('Go to your home page');
}
