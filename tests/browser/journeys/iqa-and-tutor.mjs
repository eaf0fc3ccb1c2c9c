// The internal quality assurer, then the tutor (signing out between, by keyboard): each one's
// home page and staff record.

export const name = 'iqa-and-tutor';

async function homeAndRecord(ctx, person, roleLabel) {
  const centre = ctx.demo.centre;
  await ctx.signIn(person.email);
  await ctx.expectText(`Welcome, ${person.name}`);
  await ctx.expectText(centre.name);
  await ctx.expectText(`Your roles here: ${roleLabel}.`);
  // The demo's caseload (a link per learner) comes before the centre's links.
  await ctx.tabTo('Your staff record: qualifications, CPD and what you may assess', { max: 40 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), {
    path: new RegExp(`^/centres/${centre.id}/people/[^/?]+$`),
  });
  await ctx.expectText(`Roles at ${centre.name}`);
  await ctx.expectText(roleLabel);
  await ctx.expectText('Eligibility');
  await ctx.expectText('Credentials');
}

export async function run(ctx) {
  const { iqa, tutor } = ctx.demo.accounts;
  await homeAndRecord(ctx, iqa, 'Internal quality assurer');
  await ctx.expectText('Quality-assure Level 4 Award in Principles of Personalisation in Health and Social Care (3085-01)');
  await ctx.expectText('V1 awarded 2011');
  // Sign out by keyboard: the staff record was just loaded, so Tab starts from its top.
  await ctx.signOut({ byKeyboard: true });

  await homeAndRecord(ctx, tutor, 'Tutor');
  await ctx.expectText('Twelve years teaching health and social care');
  await ctx.signOut();
}
