// People a journey brings in through the product itself, as a centre would.

/**
 * The centre administrator adds `person` ({ name, email }) as an assessor; the person chooses
 * `password` from the emailed link. Ends signed out.
 */
export async function addAssessorWithPassword(ctx, person, password) {
  await ctx.signIn(ctx.demo.accounts.centreAdmin.email);
  const centrePath = `/centres/${ctx.demo.centre.id}`;
  await ctx.visit(centrePath);
  const personForm = 'form[action$="/people"]';
  await ctx.fill('Full name', person.name, { within: personForm });
  await ctx.fill('Email address', person.email, { within: personForm });
  await ctx.check('Assessor', { within: personForm });
  await ctx.submit('Add person', { within: personForm, path: `${centrePath}?done=person` });
  await ctx.signOut();
  await ctx.visit(await ctx.mailedLink(person.email, '/password/'));
  await ctx.fill('New password', password);
  await ctx.submit('Save password');
}
