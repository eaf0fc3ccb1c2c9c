// The centre administrator gives an external quality assurer read-only access to one
// qualification until a day in the future: listed on the centre's page and in the audit trail.

import { expect } from '../lib/assert.mjs';
import { dayFromNow } from '../lib/pages.mjs';

export const name = 'centre-admin-eqa';

export async function run(ctx) {
  const { page } = ctx;
  const centrePath = `/centres/${ctx.demo.centre.id}`;

  await ctx.signIn(ctx.demo.accounts.centreAdmin.email);
  await ctx.visit(centrePath);
  await ctx.expectText('External quality assurance access');

  const eqa = { name: 'Siân Ó Briain', email: `${ctx.unique('eqa')}@example.test` };
  const until = dayFromNow(60);
  const eqaForm = `form[action="${centrePath}/eqa-grants"]`;
  await ctx.fill("EQA's full name", eqa.name, { within: eqaForm });
  await ctx.fill("EQA's email address", eqa.email, { within: eqaForm });
  await ctx.choose(
    'Qualification',
    'Level 4 Award in Delivering Personalisation in Practice in Health and Social Care',
    { within: eqaForm },
  );
  await ctx.fill('Last day of access', until.iso, { within: eqaForm });
  await ctx.submit('Give read-only access', { within: eqaForm, path: `${centrePath}?done=eqa` });
  await ctx.expectText('Read-only access has been given.');

  const rows = (await page.locator('#eqa ~ table tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  ctx.verify(
    rows.some((t) => t.includes(eqa.name) && t.includes('(3085-02)') && t.includes(until.shown)),
    `the EQA access table should list "${eqa.name}", 3085-02, until ${until.shown}; its rows: ${JSON.stringify(rows)}`,
  );

  await ctx.visit(`${centrePath}/audit`);
  await ctx.expectText('EQA access granted');
  // The technical detail (folded away) names the EQA.
  expect(await page.locator('details.technical pre', { hasText: eqa.email }).count() >= 1, `the audit trail's technical detail should name ${eqa.email}`);

  // The form sent empty: its error summary's links lead to its own fields.
  await ctx.visit(centrePath);
  await ctx.submit('Give read-only access', { within: eqaForm, status: 422, path: `${centrePath}/eqa-grants` });
  const links = await ctx.expectErrorSummary();
  for (const [href, label] of [['#eqa-name', "EQA's full name"], ['#eqa-email', "EQA's email address"], ['#eqa-until', 'Last day of access']]) {
    const link = links.find((l) => l.href === href);
    if (!ctx.verify(link, `the error summary should link to ${href}; its links: ${JSON.stringify(links)}`)) continue;
    const focused = await ctx.soft(() => ctx.followErrorLink(link.text));
    if (focused) ctx.verify(focused.label === label, `the error summary link ${href} should focus the field labelled "${label}"; it focused ${focused.describe}`);
  }
}
