// Issue 8, training: the tutor builds a programme on cg-3085-01 with a session on an outcome and
// its criteria, adds Aisha Khan (learner1), finds the starter resources for the outcome and writes
// a knowledge check with one single-choice question. The learner sees the programme and what comes
// next, marks the session done, takes the check and passes it, offers it as evidence mapped to a
// criterion, logs learning hours and sees the total. The tutor sees her progress in the cohort
// view. Every page is axe-checked; the new kinds of page are used by keyboard.

import { expect } from '../lib/assert.mjs';
import { rowWith } from '../lib/pages.mjs';

export const name = 'training';
export const timeoutMs = 240_000;

const QUALIFICATION = 'cg-3085-01';
const OUTCOME = 'cg-3085/u001/lo2';
// A starter resource the shipped set attaches to that outcome (curriculum/starter-resources.json).
const STARTER_TITLE = 'Guidance: Assessment criteria 2.1 and 2.4';

/** Tick a checkbox by keyboard: focus it, press Space; assert it is ticked. */
async function tickByKeyboard(ctx, locator, what) {
  await locator.focus();
  await ctx.page.keyboard.press('Space');
  expect(await locator.isChecked(), `${what} is ticked after Space on ${ctx.path()}`);
}

export async function run(ctx) {
  const { tutor, learner1: learner } = ctx.demo.accounts;
  const centre = ctx.demo.centre;
  const title = `Person-centred practice ${ctx.unique()}`;
  const sessionTitle = `Using person-centred tools ${ctx.unique()}`;
  const checkTitle = `Person-centred tools check ${ctx.unique()}`;

  // ---- The tutor builds the programme.
  await ctx.signIn(tutor.email);
  await ctx.tabTo('Programmes', { max: 20 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), {
    path: `/centres/${centre.id}/programmes`,
  });
  await ctx.checkSkipLink();
  await ctx.expectText('Build a programme');
  await ctx.choose('Qualification', { value: QUALIFICATION });
  await ctx.fill('Title', title);
  await ctx.fill('Description', 'Six weeks on person-centred approaches, one session a week.');
  await ctx.choose('Pacing', await selfPacedOption(ctx));
  await ctx.tabTo('Build the programme', { max: 5 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), { path: /^\/programmes\/[^/?]+\?done=built$/ });
  await ctx.expectText(title);
  const programme = new URL(ctx.page.url()).pathname;
  const programmeId = programme.split('/')[2];

  // A session on the outcome and two of its criteria.
  await ctx.fill('Title', sessionTitle, { within: 'form[action$="/sessions"]' });
  await ctx.fill('Summary', 'Relationship circles, one-page profiles and communication charts.', { within: 'form[action$="/sessions"]' });
  const outcomeBox = ctx.page.locator(`form[action$="/sessions"] input[name=outcome_ids][value="${OUTCOME}"]`);
  await tickByKeyboard(ctx, outcomeBox, `the outcome ${OUTCOME}`);
  const criteriaBoxes = ctx.page.locator(`form[action$="/sessions"] input[name=criterion_ids][value^="${OUTCOME}/"]`);
  expect((await criteriaBoxes.count()) >= 2, `the session form offers criteria of ${OUTCOME}`);
  await tickByKeyboard(ctx, criteriaBoxes.nth(0), 'the first criterion of the outcome');
  await tickByKeyboard(ctx, criteriaBoxes.nth(1), 'the second criterion of the outcome');
  await ctx.submit('Add the session', { path: new RegExp(`^${programme}\\?done=`) });
  await ctx.expectText(sessionTitle);
  await ctx.expectText('Resources for this outcome');

  // The learner, by their registration.
  {
    const select = await ctx.field('Learner (their registration)');
    const options = await select.locator('option').allInnerTexts();
    const mine = options.find((o) => o.includes(learner.name));
    expect(mine, `the learners offered include ${learner.name} (offered: ${options.join(' | ')})`);
    await select.selectOption({ label: mine });
  }
  await ctx.submit('Add the learner', { path: new RegExp(`^${programme}\\?done=`) });
  await ctx.expectText(learner.name);

  // ---- Resources: the session's link to the outcome's resources, starter ones among them.
  await ctx.tabTo('Resources for this outcome', { max: 80 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), {
    path: new RegExp(`^/centres/${centre.id}/resources`),
  });
  const section = ctx.page.locator(`section[aria-labelledby="${OUTCOME}"]`);
  expect((await section.count()) === 1, `the resources page has a section for ${OUTCOME}`);
  const sectionText = (await section.innerText()).replace(/\s+/g, ' ');
  expect(sectionText.includes(STARTER_TITLE), `the section for ${OUTCOME} lists the starter resource "${STARTER_TITLE}"`);

  // ---- A knowledge check on the outcome, with a single-choice question.
  await ctx.visit(programme);
  await ctx.tabTo('Knowledge checks', { max: 40 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), { path: `${programme}/checks` });
  await ctx.expectText('Write a check');
  await ctx.fill('Title', checkTitle);
  await ctx.choose('Outcome it checks', { value: OUTCOME });
  await ctx.fill('Pass mark (percent of questions right)', '100');
  await ctx.submit('Save the check', { path: /^\/checks\/[^/?]+\?done=written$/ });
  const check = new URL(ctx.page.url()).pathname;
  await ctx.expectText(checkTitle);
  await ctx.choose('Kind of question', { value: 'single_choice' });
  await ctx.fill('Question', 'Which tool shows the people who matter to someone and how close they are?');
  await ctx.fill('Option 1', 'A relationship circle');
  await ctx.check('Option 1 is correct');
  await ctx.fill('Feedback for option 1', 'Yes: it maps the people in someone’s life.');
  await ctx.fill('Option 2', 'A medication chart');
  await ctx.fill('Feedback for option 2', 'Not quite: look again at relationship circles.');
  await ctx.fill('Option 3', 'A risk assessment');
  await ctx.submit('Add the question', { path: `${check}?done=added` });
  await ctx.expectText('A relationship circle');
  await ctx.expectText('(correct)');
  await ctx.signOut();

  // ---- The learner: the programme, what comes next, the session done.
  await ctx.signIn(learner.email);
  await ctx.tabTo('Programmes', { max: 20 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), {
    path: `/centres/${centre.id}/programmes`,
  });
  await ctx.expectText(title);
  const link = ctx.page.locator('main a', { hasText: title });
  await ctx.expectNavigation(() => link.click(), { path: programme });
  await ctx.expectText('Where you are');
  await ctx.expectText('You have done 0 of 1 sessions.');
  await ctx.expectText(`Next: ${sessionTitle}`);
  await ctx.tabTo('Mark session 1 done', { max: 80 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), { path: new RegExp(`^${programme}`) });
  await ctx.expectText('You have done 1 of 1 sessions.');
  await ctx.expectText('You have done every session.');
  const hoursHref = await ctx.page.locator('main a', { hasText: 'Your learning hours' }).getAttribute('href');

  // The check: taken by keyboard, passed.
  await ctx.visit(`${programme}/checks`);
  await ctx.tabTo(checkTitle, { max: 40 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), { path: check });
  await ctx.tabTo('Take the check', { max: 40 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), { path: /^\/attempts\/[^/?]+/ });
  const attempt = new URL(ctx.page.url()).pathname;
  await ctx.tabTo('A relationship circle', { max: 40 });
  await ctx.page.keyboard.press('Space');
  expect(await ctx.page.getByRole('radio', { name: 'A relationship circle' }).isChecked(), 'the answer is chosen by Space');
  await ctx.submit('Submit my answers', { path: new RegExp(`^${attempt}`) });
  await ctx.expectText('1 of 1 questions right');
  await ctx.expectText('Passed');
  await ctx.expectText('Yes: it maps the people in someone’s life.');

  // Offered as evidence, mapped to a criterion of the outcome.
  await ctx.expectText('Use this check as evidence');
  const criterion = ctx.page.locator('form[action$="/evidence"] input[name=criteria]').first();
  await tickByKeyboard(ctx, criterion, 'a criterion of the outcome');
  // It becomes a draft questioning record in her portfolio, mapped to that criterion.
  await ctx.submit('Add it to my evidence', { path: /^\/evidence\/[^/?]+/ });
  await ctx.expectText(`Knowledge check: ${checkTitle}`);
  await ctx.expectText('Questioning record');
  await ctx.expectText('Answer (right): A relationship circle');
  const mapped = ctx.page.locator('main input[name=criteria]:checked');
  ctx.verify((await mapped.count()) === 1, `the evidence is mapped to the one criterion ticked (${await mapped.count()} ticked)`);
  await ctx.visit(attempt);
  await ctx.expectText('This check is evidence in your portfolio');

  // Learning hours, and the total.
  expect(hoursHref && /^\/registrations\/[^/]+\/learning-hours$/.test(hoursHref), `the programme page links to the learner's learning hours (${hoursHref})`);
  await ctx.visit(hoursHref);
  const before = await rowWith(ctx, 'Whole qualification');
  await ctx.fill('Date', new Date().toISOString().slice(0, 10));
  await ctx.fill('Time spent, in minutes', '95');
  await ctx.fill('What you did', `Read the guidance on person-centred tools (${title}).`);
  await tickByKeyboard(ctx, ctx.page.locator(`input[name=outcome_ids][value="${OUTCOME}"]`), `the outcome ${OUTCOME}`);
  await ctx.submit('Log it', { path: `${hoursHref}?done=logged` });
  await ctx.expectText(`Read the guidance on person-centred tools (${title}).`);
  const after = await rowWith(ctx, 'Whole qualification');
  const logged = (row) => {
    const m = /Whole qualification (\d+)h (\d+)m/.exec(row);
    expect(m, `the whole-qualification row shows the hours logged (${row})`);
    return Number(m[1]) * 60 + Number(m[2]);
  };
  ctx.verify(logged(after) === logged(before) + 95, `the whole-qualification total grew by 95 minutes (before: ${before}; after: ${after})`);
  await ctx.signOut();

  // ---- The tutor: the cohort view.
  await ctx.signIn(tutor.email);
  await ctx.visit(programme);
  await ctx.tabTo("The cohort's progress", { max: 40 });
  await ctx.expectNavigation(() => ctx.page.keyboard.press('Enter'), { path: `${programme}/cohort` });
  await ctx.checkSkipLink();
  await ctx.expectText(`Cohort: ${title}`);
  const row = await rowWith(ctx, learner.name);
  ctx.verify(row.includes('1 of 1'), `the cohort row shows 1 of 1 sessions done (${row})`);
  ctx.verify(row.includes('On track'), `the cohort row shows the learner on track (${row})`);
  ctx.verify(row.includes('Passed'), `the cohort row shows the check passed (${row})`);
  expect(programmeId, 'the programme has an id');
  await ctx.signOut();
}

/** The visible text of the pacing option meaning self-paced. */
async function selfPacedOption(ctx) {
  const select = await ctx.field('Pacing');
  const options = await select.locator('option').allInnerTexts();
  const found = options.find((o) => /self/i.test(o));
  expect(found, `a self-paced option (offered: ${options.join(' | ')})`);
  return found;
}
