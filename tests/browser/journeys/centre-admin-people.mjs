// The centre administrator: the home page and its links, the centre's people, adding a person
// with a role (the new account is mailed a link), and the audit trail recording it.

import { expect, expectEqual } from '../lib/assert.mjs';
import { rowWith } from '../lib/pages.mjs';

export const name = 'centre-admin-people';

export async function run(ctx) {
  const { page } = ctx;
  const { centreAdmin, assessor, admin } = ctx.demo.accounts;
  const centre = ctx.demo.centre;
  const centrePath = `/centres/${centre.id}`;

  await ctx.signIn(centreAdmin.email);
  await ctx.expectText(`Welcome, ${centreAdmin.name}`);
  await ctx.expectText(centre.name);
  await ctx.expectText('Your roles here: Centre administrator.');
  for (const [text, href] of [
    ['People, roles and EQA access', centrePath],
    ['Audit trail', `${centrePath}/audit`],
  ]) {
    const link = page.getByRole('main').getByRole('link', { name: text, exact: true });
    expectEqual(await link.getAttribute('href'), href, `the home page's "${text}" link`);
  }

  // To the centre by keyboard; its people are listed.
  await ctx.tabTo('People, roles and EQA access', { max: 20 });
  await ctx.expectNavigation(() => page.keyboard.press('Enter'), { path: centrePath });
  await ctx.expectText('People');
  const assessorRow = await rowWith(ctx, assessor.email);
  expect(assessorRow.includes(assessor.name) && assessorRow.includes('Assessor'), `the assessor's row reads "${assessorRow}"`);

  // The form sent empty: the error summary links to each field, and focus can move to each.
  const personForm = `form[action="${centrePath}/people"]`;
  await ctx.submit('Add person', { within: personForm, status: 422, path: `${centrePath}/people` });
  const links = await ctx.expectErrorSummary();
  for (const [href, label] of [['#name', 'Full name'], ['#email', 'Email address'], ['#roles', null]]) {
    const link = links.find((l) => l.href === href);
    if (!ctx.verify(link, `the error summary should link to ${href}; its links: ${JSON.stringify(links)}`)) continue;
    const focused = await ctx.soft(() => ctx.followErrorLink(link.text));
    if (focused && label) expectEqual(focused.label, label, `the label of the field focused from the error summary link ${href}`);
  }

  // Add a person with the Assessor role.
  const person = { name: "Zoë O'Neill", email: `${ctx.unique('zoe.oneill')}@example.test` };
  await ctx.fill('Full name', person.name, { within: personForm });
  await ctx.fill('Email address', person.email, { within: personForm });
  await ctx.check('Assessor', { within: personForm });
  await ctx.submit('Add person', { within: personForm, path: `${centrePath}?done=person` });
  await ctx.expectText('The person has been added.');
  const personRow = await rowWith(ctx, person.email);
  expect(
    personRow.includes(person.name) && personRow.includes('Assessor'),
    `the new person's row should read "${person.name} … Assessor"; it reads "${personRow}"`,
  );

  // The audit trail records the new account and its role.
  await ctx.visit(`${centrePath}/audit`);
  await ctx.expectText('Every decision and change at this centre, newest first.');
  await ctx.expectText('Role added');
  // The technical detail (folded away) names the account.
  expect(await page.locator('details.technical pre', { hasText: person.email }).count() >= 1, `the audit trail's technical detail should name ${person.email}`);

  // The new person's mail, as the platform administrator sees it.
  await ctx.signOut();
  await ctx.signIn(admin.email);
  await ctx.visit('/admin/mail');
  await ctx.expectText(`${person.name} <${person.email}>`);
}
