// The centre administrator opens an assessor's staff record from the centre's people: what they
// may assess and why, and a new credential recorded and listed, and in the audit trail.

import { expect } from '../lib/assert.mjs';
import { rowWith } from '../lib/pages.mjs';

export const name = 'centre-admin-staff-record';

export async function run(ctx) {
  const { page } = ctx;
  const { centreAdmin, assessor } = ctx.demo.accounts;
  const centrePath = `/centres/${ctx.demo.centre.id}`;

  await ctx.signIn(centreAdmin.email);
  await ctx.visit(centrePath);
  await ctx.expectNavigation(
    () => page.getByRole('table').getByRole('link', { name: assessor.name, exact: true }).click(),
    { path: new RegExp(`^${centrePath}/people/[^/?]+$`) },
  );
  const staffPath = ctx.path();
  await ctx.expectText(`Roles at ${ctx.demo.centre.name}`);
  await ctx.expectText('Eligibility');
  await ctx.expectText('Assess Unit 002 Use person-centred practices');
  await ctx.expectText('A1 awarded 2009');

  // Record a credential: a staff qualification, the evidence seen, its date.
  const credentialForm = `form[action="${staffPath}/credentials"]`;
  const statement = `Certificate seen by the centre administrator, ${ctx.unique('ref')}`;
  await ctx.choose('Kind', 'Qualification', { within: credentialForm });
  const which = await ctx.field('Which', { within: credentialForm });
  const options = (await which.locator('option').allInnerTexts()).map((o) => o.trim());
  const chosen = options.find((o) => o.startsWith('Qualification:'));
  expect(chosen, `the "Which" list should offer qualifications; it offers: ${options.join(' | ')}`);
  await which.selectOption({ label: chosen });
  await ctx.fill('Evidence seen (certificate, role, experience)', statement, { within: credentialForm });
  await ctx.fill('Date', '2025-06-30', { within: credentialForm });
  await ctx.submit('Record credential', { within: credentialForm, path: `${staffPath}?done=credential` });
  await ctx.expectText('The credential is recorded');
  const row = await rowWith(ctx, statement);
  expect(
    row.includes(chosen) && row.includes('30 June 2025'),
    `the new credential's row should name "${chosen}" and 30 June 2025; it reads "${row}"`,
  );

  await ctx.visit(`${centrePath}/audit`);
  await ctx.expectText('Credential added');
}
