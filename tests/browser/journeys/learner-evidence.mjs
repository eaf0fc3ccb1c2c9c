// A learner on 3085-02 adds evidence written in the page, maps it to a criterion, signs the
// declaration, submits it, and sees the tracker change; every page is axe-checked.

export const name = 'learner-evidence';

export async function run(ctx) {
  const learner = ctx.demo.accounts.learner2;
  await ctx.signIn(learner.email);
  await ctx.expectText('Your qualifications');

  // The registration page, from the home page's link.
  const link = ctx.page.locator('main a', { hasText: '(3085-02)' }).first();
  await ctx.expectNavigation(() => link.click());
  await ctx.checkA11y();
  await ctx.expectText('Add evidence');
  const registration = ctx.path();
  await ctx.expectNavigation(() => ctx.page.locator('main a.button', { hasText: 'Add evidence' }).click(), {
    path: `${registration}/evidence/new`,
  });

  const title = `Support plan review ${ctx.unique()}`;
  await ctx.choose('Kind of evidence', 'Reflective account');
  await ctx.fill('Title', title);
  await ctx.fill('Date of the activity', '2026-11-20');
  await ctx.fill('Write your evidence here (Markdown: **bold**, lists with -, headings with #)', 'I used a **relationship circle** with Mr B. <script>alert(1)</script>');
  await ctx.submit('Save as draft');
  await ctx.checkA11y();
  await ctx.expectText('Saved as a draft');
  await ctx.expectText('<script>alert(1)</script>');

  // Attach a file, as a phone's file picker would hand it over.
  await ctx.page.locator('input#file').setInputFiles({
    name: 'review-notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Notes from the review: Mr B chose his own outcomes.'),
  });
  await ctx.submit('Attach');
  await ctx.checkA11y();
  await ctx.expectText('The file is attached');
  await ctx.expectText('review-notes.txt');

  // Map to the first criterion offered, by keyboard-reachable checkbox.
  await ctx.page.locator('input[name=criteria]').first().check();
  await ctx.submit('Save mapping');
  await ctx.checkA11y();
  await ctx.expectText('The mapping is saved');

  await ctx.fill('Type your full name to sign', learner.name);
  await ctx.submit('Sign the declaration');
  await ctx.expectText(`Signed by ${learner.name}`);
  await ctx.submit('Submit for assessment');
  await ctx.checkA11y();
  await ctx.expectText('Submitted for assessment');

  await ctx.visit(`${registration}/tracker`);
  await ctx.expectText('Evidenced:');
  await ctx.expectText('Submitted');
  await ctx.expectText('What is missing');
}
