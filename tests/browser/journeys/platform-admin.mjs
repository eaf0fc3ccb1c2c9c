// The platform administrator: the home page, the centres, adding a centre (a name with an
// apostrophe and accents) and its first centre administrator (who takes the centre over: the
// platform administrator no longer sees it without support access), the form's errors, and the
// mail.

import { expect, expectEqual } from '../lib/assert.mjs';

export const name = 'platform-admin';

export async function run(ctx) {
  const { page } = ctx;
  const admin = ctx.demo.accounts.admin;
  await ctx.signIn(admin.email);
  await ctx.expectText(`Welcome, ${admin.name}`);
  await ctx.expectText('Platform administration');
  await ctx.checkSkipLink();

  // To the administration by keyboard.
  const link = await ctx.tabTo('Go to administration', { max: 20 });
  expectEqual(link.href, '/admin', 'the "Go to administration" link');
  await ctx.expectNavigation(() => page.keyboard.press('Enter'), { path: '/admin' });
  await ctx.expectText(ctx.demo.centre.name);

  // Add a centre whose name has an apostrophe and accents; it is listed as typed.
  const centreName = `St Mòrag's College ${ctx.unique()}`;
  await ctx.fill('Centre name', centreName);
  await ctx.submit('Add centre', { path: '/admin?done=centre' });
  await ctx.expectText('The centre has been added.');
  const centreLink = page.getByRole('table').getByRole('link', { name: centreName, exact: true });
  expectEqual(await centreLink.count(), 1, `links named "${centreName}" in the centres table`);

  // The form sent empty: the error summary links to the name field, and focus can move there.
  await ctx.submit('Add centre', { status: 422, path: '/admin/centres' });
  const links = await ctx.expectErrorSummary();
  const toName = links.find((l) => l.href === '#name');
  expect(toName, `the error summary should link to #name; its links: ${JSON.stringify(links)}`);
  const focused = await ctx.followErrorLink(toName.text);
  expectEqual(focused.label, 'Centre name', 'the label of the field focused from the error summary');
  const field = await ctx.field('Centre name');
  expectEqual(await field.getAttribute('aria-invalid'), 'true', 'aria-invalid of the name field with an error');
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  expect(describedBy.split(' ').includes('name-error'), `the name field should be described by its error message (aria-describedby="${describedBy}")`);

  // Open the new centre and add its first centre administrator: a mail goes out to them.
  await ctx.visit('/admin');
  await ctx.expectNavigation(
    () => page.getByRole('table').getByRole('link', { name: centreName, exact: true }).click(),
    { path: /^\/centres\/[^/]+$/ },
  );
  await ctx.expectText(centreName);
  const centrePath = ctx.path();
  const firstAdmin = { name: 'Ruairidh Mac an t-Saoir', email: `${ctx.unique('first-admin')}@example.test` };
  const personForm = 'form[action$="/people"]';
  await ctx.fill('Full name', firstAdmin.name, { within: personForm });
  await ctx.fill('Email address', firstAdmin.email, { within: personForm });
  await ctx.check('Centre administrator', { within: personForm });
  // The first administrator takes the centre over: its page is theirs from now on, and the
  // platform administrator is back on the administration page, told so.
  await ctx.submit('Add person', { within: personForm, path: '/admin?done=first-admin' });
  await ctx.expectText("The centre's first administrator has been added");
  await ctx.expectText('you see its records again only if its administrator gives you support access');
  const closed = await page.goto(new URL(centrePath, page.url()).toString());
  expectEqual(closed.status(), 404, 'the handed-over centre page for the platform administrator');

  // The mail the platform sent, newest first.
  await ctx.visit('/admin/mail');
  await ctx.expectText('Mail sent by the platform');
  await ctx.expectText(`${firstAdmin.name} <${firstAdmin.email}>`);
}
