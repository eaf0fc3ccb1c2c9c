// An assessor: the home page names the role and links to the staff record, which shows what they
// may assess and why; they may log CPD on it; the centre's administration is not theirs.

import { expect, expectEqual } from '../lib/assert.mjs';

export const name = 'assessor';

export async function run(ctx) {
  const { page } = ctx;
  const assessor = ctx.demo.accounts.assessor;
  const centre = ctx.demo.centre;

  await ctx.signIn(assessor.email);
  await ctx.expectText(`Welcome, ${assessor.name}`);
  await ctx.expectText('Your roles here: Assessor.');

  const recordLink = 'Your staff record: qualifications, CPD and what you may assess';
  // The demo's caseload (ten learners, each a link) comes before the centre's links.
  await ctx.tabTo(recordLink, { max: 40 });
  await ctx.expectNavigation(() => page.keyboard.press('Enter'), {
    path: new RegExp(`^/centres/${centre.id}/people/[^/?]+$`),
  });
  const staffPath = ctx.path();
  await ctx.expectText(`Roles at ${centre.name}`);
  await ctx.expectText('Eligibility');
  await ctx.expectText('Assess Unit 002 Use person-centred practices');

  // Every row of the eligibility table gives a decision and at least one reason.
  const rows = await page.locator('table').first().locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      may: tr.querySelector('th')?.innerText.trim(),
      decision: tr.querySelector('td p')?.innerText.trim(),
      reasons: [...tr.querySelectorAll('td li')].map((li) => li.innerText.trim()).filter(Boolean),
    })),
  );
  expect(rows.length > 0, `the eligibility table on ${staffPath} has no rows`);
  for (const row of rows) {
    expect(['Yes', 'No'].includes(row.decision), `eligibility "${row.may}" should say Yes or No; it says "${row.decision}"`);
    expect(row.reasons.length > 0, `eligibility "${row.may}" (${row.decision}) gives no reason`);
  }

  // Their own record: they may log CPD, not record credentials.
  expectEqual(await page.getByRole('heading', { name: 'Record a credential' }).count(), 0, 'the "Record a credential" form on the assessor\'s own record');
  const activity = `Read the SDS standards again, ${ctx.unique('cpd')}`;
  const cpdForm = `form[action="${staffPath}/cpd"]`;
  await ctx.fill('Date', '2026-01-15', { within: cpdForm });
  await ctx.fill('Minutes', '45', { within: cpdForm });
  await ctx.fill('What you did and learned', activity, { within: cpdForm });
  await ctx.submit('Log CPD', { within: cpdForm, path: `${staffPath}?done=cpd` });
  await ctx.expectText('The CPD is logged.');
  await ctx.expectText(activity);

  // The centre's administration is not for assessors: 403, "Not allowed".
  await ctx.visit(`/centres/${centre.id}`, { status: 403 });
  await ctx.expectText('Not allowed');
  await ctx.visit(`/centres/${centre.id}/audit`, { status: 403 });
  await ctx.expectText('Not allowed');

  // The caseload: the three demo learners, with progress and what waits.
  await ctx.visit('/caseload');
  await ctx.expectText('Your caseload');
  await ctx.expectText('Waiting for assessment');
  // Find one learner by part of their name (1 submission), then only those with evidence waiting.
  const first = (await ctx.page.locator('main table tbody tr a').first().innerText()).trim();
  const part = first.split(' ')[0];
  await ctx.fill('Find a learner', part);
  await ctx.submit('Show');
  await ctx.expectText(first);
  expect(await ctx.valueOf('Find a learner') === part, 'the search stays in its box');
  await ctx.checkA11y();
  await ctx.atWidths('caseload-search');
  await ctx.fill('Find a learner', 'Nobody is called this');
  await ctx.submit('Show');
  await ctx.expectText('No learner matches.');
  await ctx.fill('Find a learner', '');
  await ctx.check('Only learners with evidence waiting for assessment');
  await ctx.submit('Show');
  await ctx.checkA11y();
}
