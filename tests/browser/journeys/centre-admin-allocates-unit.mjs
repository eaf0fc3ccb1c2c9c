// Issue 14 (per-unit allocation): a centre administrator registers a learner on 3085-02, then
// allocates Unit 001 alone to another assessor and IQA on the registration page (one
// submission); that assessor finds the learner on their caseload.

export const name = 'centre-admin-allocates-unit';

export async function run(ctx) {
  const { centreAdmin, assessor2 } = ctx.demo.accounts;
  await ctx.signIn(centreAdmin.email);
  await ctx.visit(`/centres/${ctx.demo.centre.id}/registrations`);

  const suffix = ctx.unique();
  const learner = `Mairi Sutherland ${suffix}`;
  await ctx.fill("Learner's full name", learner);
  await ctx.fill("Learner's email address", `mairi.${suffix}@example.org`);
  await ctx.fill('Date of birth', '1985-04-22');
  await ctx.choose('Qualification', { value: 'cg-3085-02' });
  await ctx.fill('Start date', '2026-12-01');
  await ctx.fill('Planned end date', '2027-09-30');
  await ctx.fill('Employer (optional)', 'Highland Care Partnership');
  await ctx.fill('Workplace (the real work environment, for Unit 002) (optional)', 'Riverside day service, Inverness');
  await ctx.choose('Assessor', "Mòrag O'Neill");
  await ctx.choose('Internal quality assurer', 'Zoë Adeyemi');
  await ctx.submit('Register learner');
  await ctx.expectText('The learner is registered');

  // Both units start with the registration's assessor and IQA.
  await ctx.expectText('Who assesses and quality-assures each unit');
  await ctx.expectText("Principles of personalisation in health and social care Mòrag O'Neill Zoë Adeyemi");

  // Unit 001 alone goes to the second assessor and IQA: open its form by keyboard, choose, allocate.
  const unit001 = '#unit-cg-3085-u001';
  await ctx.tabTo('Change who holds Principles of personalisation in health and social care', { max: 60 });
  await ctx.page.keyboard.press('Enter');
  await ctx.choose('Assessor of this unit', 'Rhys Morgan', { within: unit001 });
  await ctx.choose('IQA of this unit', 'Priya Sharma', { within: unit001 });
  await ctx.fill('Reason (optional)', 'Rhys teaches the Unit 001 knowledge sessions', { within: unit001 });
  await ctx.submit('Allocate this unit', { within: unit001 });
  await ctx.expectText('The unit is allocated');
  await ctx.expectText('Principles of personalisation in health and social care Rhys Morgan Priya Sharma');
  await ctx.expectText("Use person-centred practices to deliver personalisation in health and social care Mòrag O'Neill Zoë Adeyemi");
  await ctx.expectText('A unit allocated to its own assessor and IQA by Eilidh MacLeod (Rhys teaches the Unit 001 knowledge sessions)');
  await ctx.checkA11y();
  await ctx.atWidths('unit-allocation');

  // The unit's assessor works with the learner now.
  await ctx.signOut();
  await ctx.signIn(assessor2.email);
  await ctx.visit('/caseload');
  await ctx.expectText(learner);
}
