// A centre administrator registers a learner through the form: an under-16 date of birth is
// refused with the rule's message, then a valid registration lands on its page. Someone who has
// an account but does not belong to the centre is asked first: the centre is told so, and the
// person sees the request on their home page and may decline it.

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

  // An existing account from outside the centre (the external verifier's): asked, not attached.
  const outsider = ctx.demo.accounts.eqa;
  await ctx.visit(`/centres/${ctx.demo.centre.id}/registrations`);
  await ctx.fill("Learner's full name", outsider.name);
  await ctx.fill("Learner's email address", outsider.email);
  await ctx.fill('Date of birth', '1980-03-14');
  await ctx.choose('Qualification', { value: 'cg-3085-01' });
  await ctx.fill('Start date', '2026-12-01');
  await ctx.fill('Planned end date', '2027-06-30');
  await ctx.choose('Assessor', "Mòrag O'Neill");
  await ctx.choose('Internal quality assurer', 'Zoë Adeyemi');
  await ctx.submit('Register learner');
  await ctx.checkA11y();
  await ctx.expectText('so we asked them by email and on their home page');
  await ctx.atWidths('registration-invited');

  await ctx.signOut();
  await ctx.signIn(outsider.email);
  await ctx.expectText('To register you as a learner on');
  await ctx.checkA11y();
  await ctx.atWidths('home-registration-asked');
  await ctx.submit(`Decline ${ctx.demo.centre.name}`);
  await ctx.expectText('You have declined. The centre sees nothing of your record.');
}
