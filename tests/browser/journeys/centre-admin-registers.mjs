// A centre administrator registers a learner through the form: an under-16 date of birth is
// refused with the rule's message, then a valid registration lands on its page.

export const name = 'centre-admin-registers';

export async function run(ctx) {
  const admin = ctx.demo.accounts.centreAdmin;
  await ctx.signIn(admin.email);
  await ctx.visit(`/centres/${ctx.demo.centre.id}/registrations`);
  await ctx.expectText('Register a learner');

  const suffix = ctx.unique();
  const fillForm = async (born) => {
    await ctx.fill("Learner's full name", `Niamh O'Connell ${suffix}`);
    await ctx.fill("Learner's email address", `niamh.${suffix}@example.org`);
    await ctx.fill('Date of birth', born);
    await ctx.choose('Qualification', { value: 'cg-3085-01' });
    await ctx.fill('Start date', '2026-12-01');
    await ctx.fill('Planned end date', '2027-06-30');
    await ctx.choose('Assessor', "Mòrag O'Neill");
    await ctx.choose('Internal quality assurer', 'Zoë Adeyemi');
  };

  // Too young on the registration date: refused, nothing registered.
  await fillForm('2015-01-01');
  await ctx.submit('Register learner', { status: 422 });
  await ctx.checkA11y();
  await ctx.expectText('This registration is not allowed');

  await fillForm('1991-07-09');
  await ctx.submit('Register learner');
  await ctx.checkA11y();
  await ctx.expectText('The learner is registered');
  await ctx.expectText(`Niamh O'Connell ${suffix} on 3085-01 Level 4 Award in Principles of Personalisation in Health and Social Care`);
}
