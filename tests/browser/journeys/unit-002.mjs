// The whole of City & Guilds 3085-02 Unit 002 for one learner, as the people do it in the pages:
// the assessor writes an assessment plan (activities with methods and target dates, the Unit 002
// criteria in view) and signs it as it is saved; the learner is told, signs it, and their home
// page shows the plan's next target; the learner evidences, maps, declares and submits (the assessor is told); the assessor observes
// and the learner countersigns; the learner asks an expert witness, who signs through the emailed
// link (read from the server's outbox) and states how they meet C7; the assessor accepts it,
// judges one criterion not yet met with feedback; the learner reads it, changes the evidence and
// resubmits; the assessor judges every criterion met (two in the page, the rest through the API
// with a bearer token), signs the unit off, the learner countersigns, and the tracker shows
// Unit 002 met. Every page is axe-checked.

import { expect } from '../lib/assert.mjs';

export const name = 'unit-002';
// Four people and some forty pages, each checked by axe.
export const timeoutMs = 300_000;

const UNIT = 'cg-3085/u002';
const REFERRED = `${UNIT}/lo1/ac1.1`;
const ALSO_IN_PAGE = `${UNIT}/lo1/ac1.2`;
const OBSERVED = [`${UNIT}/lo2/ac2.1`, `${UNIT}/lo3/ac3.2`];
const FEEDBACK = 'Say how Mr B chose who took part in his review, in his own words.';

async function as(ctx, who) {
  if (ctx.signedIn) await ctx.signOut();
  await ctx.signIn(who.email);
  ctx.signedIn = who;
}

/** The page's path and what follows `/prefix/` in it. */
function idAfter(ctx, prefix) {
  const match = new RegExp(`^/${prefix}/([^/?#]+)`).exec(ctx.path());
  expect(match, `expected to be at /${prefix}/…, at ${ctx.path()}`);
  return match[1];
}

async function api(ctx, token, method, path, body) {
  const response = await fetch(ctx.url(path), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function run(ctx) {
  const { learner2: learner, assessor } = ctx.demo.accounts;
  const { page } = ctx;
  const witness = { name: 'Wendy Witness', email: `${ctx.unique('wendy')}@example.test` };

  // The assessor finds the learner's 3085-02 registration in their caseload and writes an
  // assessment plan: two activities with methods and target dates, the Unit 002 criteria in view.
  // Saving it signs it as the assessor.
  await as(ctx, assessor);
  await ctx.expectNavigation(() =>
    page.locator('main tr', { hasText: learner.name }).filter({ hasText: '(3085-02)' }).first().locator('a').first().click());
  const registration = idAfter(ctx, 'registrations');
  await ctx.expectNavigation(() => page.locator('main a', { hasText: 'Assessment plans and progress reviews' }).click(), {
    path: `/registrations/${registration}/plans`,
  });
  await ctx.expectText('No plan yet.');
  const planned = `Lead Mr B's support plan review ${ctx.unique()}`;
  const firstTarget = daysFromNow(21);
  const newPlan = `form[action="/registrations/${registration}/plans"]`;
  const activity = (n) => `${newPlan} fieldset:nth-of-type(${n})`;
  await ctx.fill('What the learner will do', planned, { within: activity(1) });
  await ctx.choose('How it is assessed', 'Observation by an assessor', { within: activity(1) });
  await ctx.fill('Target date', isoDate(firstTarget), { within: activity(1) });
  await ctx.fill('What the learner will do', 'Write a reflective account of the review', { within: activity(2) });
  await ctx.choose('How it is assessed', 'Reflective account', { within: activity(2) });
  await ctx.fill('Target date', isoDate(daysFromNow(42)), { within: activity(2) });
  const inView = await page
    .locator(`${newPlan} input[name=criteria]`)
    .evaluateAll((boxes, unit) => boxes.map((b) => b.value).filter((v) => new RegExp(`^${unit}/lo\\d+/ac`).test(v)), UNIT);
  expect(inView.length === 20, `the plan form should offer Unit 002's 20 criteria; it offers ${inView.length}`);
  for (const id of inView) await page.locator(`${newPlan} input[name=criteria][value="${id}"]`).check();
  await ctx.submit('Save the plan and sign it', { within: newPlan, path: `/registrations/${registration}/plans?done=saved` });
  await ctx.expectText('The plan is saved and signed by you. The learner has been asked to sign it.');
  await ctx.expectText(planned);
  await ctx.expectText(`Assessor: ${assessor.name}`);

  // The learner is told the plan awaits their signature, reads it and signs it: agreed.
  await as(ctx, learner);
  await ctx.visit('/notifications');
  await ctx.expectText('Your assessment plan awaits your signature');
  await ctx.visit(`/registrations/${registration}/plans`);
  await ctx.expectText(planned);
  await ctx.submit('Sign this plan: I agree to it');
  await ctx.expectText('You have signed the plan.');
  await ctx.expectText(`Learner: ${learner.name}`);
  const heading = normalise(await page.locator('h2#plan-1').innerText());
  expect(heading.includes('Agreed'), `signed by both, the plan's heading should say Agreed; it reads "${heading}"`);

  // The learner's home shows what is due next: the plan's nearest target.
  await ctx.visit('/home');
  await ctx.expectText('What is due next');
  await ctx.expectText(`${planned}: due ${longDate(firstTarget)}`);

  // The learner writes the evidence, maps it to every Unit 002 criterion, signs and submits it.
  await ctx.expectNavigation(() => page.locator('main a', { hasText: '(3085-02)' }).first().click(), {
    path: `/registrations/${registration}`,
  });
  await ctx.expectNavigation(() => page.locator('main a.button', { hasText: 'Add evidence' }).click(), {
    path: `/registrations/${registration}/evidence/new`,
  });
  const title = `Co-producing Mr B's support plan ${ctx.unique()}`;
  await ctx.choose('Kind of evidence', 'Reflective account');
  await ctx.fill('Title', title);
  await ctx.fill('Date of the activity', '2026-11-16');
  await ctx.fill('Write your evidence here (Markdown: **bold**, lists with -, headings with #)', 'I reviewed Mr B\'s support plan with him and his sister.');
  await ctx.submit('Save as draft');
  const evidence = idAfter(ctx, 'evidence');
  const criteria = await page
    .locator('input[name=criteria]')
    .evaluateAll((boxes, unit) => boxes.map((b) => b.value).filter((v) => new RegExp(`^${unit}/lo\\d+/ac`).test(v)), UNIT);
  expect(criteria.length === 20, `Unit 002 has 20 criteria; the mapping form offers ${criteria.length}`);
  for (const id of criteria) await page.locator(`input[name=criteria][value="${id}"]`).check();
  await ctx.submit('Save mapping');
  await ctx.expectText('The mapping is saved');
  await ctx.fill('Type your full name to sign', learner.name);
  await ctx.submit('Sign the declaration');
  await ctx.submit('Submit for assessment');
  await ctx.expectText('Submitted for assessment');

  // The assessor is told, observes the learner at work and signs the observation.
  await as(ctx, assessor);
  await ctx.visit('/notifications');
  await ctx.expectText(`Evidence submitted by ${learner.name}`);
  await ctx.visit(`/registrations/${registration}/assessment`);
  const observe = 'form[action$="/observations"]';
  await ctx.check('Planned', { within: observe });
  await ctx.fill('Date of the observation', '2026-11-18', { within: observe });
  await ctx.fill('Setting', "Mr B's home: his support plan review", { within: observe });
  await ctx.fill('People present, one a line: name; role; consent (yes or no)', 'Mr B; person supported; yes', { within: observe });
  await ctx.fill('What you observed', `${learner.name} led the review and checked each outcome with Mr B.`, { within: observe });
  for (const id of OBSERVED) await page.locator(`${observe} input[name=criteria][value="${id}"]`).check();
  await ctx.submit('Record and sign the observation');
  await ctx.expectText('The observation is recorded and signed.');

  // The learner countersigns it and asks an expert witness for testimony.
  await as(ctx, learner);
  await ctx.visit(`/registrations/${registration}/assessment`);
  await ctx.submit('Countersign this observation');
  await ctx.expectText('Your countersignature is recorded.');
  await ctx.visit(`/registrations/${registration}/testimony`);
  await ctx.fill("Witness's full name", witness.name);
  await ctx.fill("Witness's email address", witness.email);
  await ctx.fill('Their job or role', 'Registered manager');
  await ctx.fill('How they know the learner', 'Line manager');
  await page.locator('input#expert').check();
  await ctx.fill('The activity they saw', "Mr B's support plan review");
  for (const id of [REFERRED, ...OBSERVED]) await page.locator(`input[name=criteria][value="${id}"]`).check();
  await ctx.submit('Email the witness');
  await ctx.expectText('The witness has been emailed a link.');
  await ctx.signOut();
  ctx.signedIn = null;

  // The witness, with no account, opens the emailed link and signs, meeting C7.
  const link = await ctx.mailedLink(witness.email, '/witness/');
  await ctx.visit(link);
  await ctx.fill('Your full name', witness.name);
  await ctx.fill('Your email address', witness.email);
  await ctx.fill('Your job or role', 'Registered manager');
  await ctx.fill('What you saw the learner do, and how it meets the criteria', `${learner.name} let Mr B lead his review and wrote down his choices.`);
  await ctx.check('I have a working knowledge of the units my expertise is based on');
  await ctx.check('I am occupationally competent in this area of practice');
  await ctx.check('My work role involves evaluating the everyday practice of staff');
  await ctx.fill('In your own words: your role, experience and qualifications', 'Registered manager for ten years; I supervise and appraise care staff.');
  await ctx.fill('Sign: type your full name', witness.name);
  await ctx.submit('Sign and send');
  await ctx.expectText(`Signed by ${witness.name}`);

  // The assessor accepts it as evidence, then judges one criterion not yet met, with feedback.
  await as(ctx, assessor);
  await ctx.visit('/notifications');
  await ctx.expectText(`Testimony signed by ${witness.name}`);
  await ctx.expectNavigation(() => page.locator('main a', { hasText: `Testimony signed by ${witness.name}` }).first().click());
  await ctx.check('Accept it as evidence');
  await ctx.fill('Reason (the learner reads it)', 'A clear account from a qualified expert witness.');
  await ctx.submit('Record the decision');
  await ctx.expectText('The testimony is accepted');
  await ctx.visit(`/registrations/${registration}/assessment`);
  await ctx.choose('Criterion or item', { value: REFERRED });
  await ctx.check('Not yet met');
  await page.locator(`input[name=evidence_ids][value="${evidence}"]`).check();
  await ctx.fill('Feedback for the learner (plain text; needed when not yet met)', FEEDBACK);
  await ctx.submit('Record judgement');
  await ctx.expectText('The judgement is recorded and the learner has been emailed.');

  // The learner reads the feedback, changes the evidence and submits it again.
  await as(ctx, learner);
  await ctx.visit(`/evidence/${evidence}`);
  await ctx.expectText("Assessor's feedback");
  await ctx.expectText(FEEDBACK);
  // Returned to her, it is changed, signed and submitted again on one page.
  await ctx.expectNavigation(() => page.locator('main a.button', { hasText: 'Change, map and submit it on one page' }).click(), {
    path: `/evidence/${evidence}/one-step`,
  });
  await ctx.fill('Write your evidence here (Markdown: **bold**, lists with -, headings with #)', 'I reviewed Mr B\'s support plan with him and his sister. Mr B chose to invite his sister, and said what mattered to him first.');
  await ctx.fill('Type your full name to sign', learner.name);
  await ctx.submit('Sign and submit');
  await ctx.expectText('Submitted for assessment');

  // The assessor judges every criterion met: two in the page, the others through the API. The
  // reflective account supports each; the accepted testimony is the performance evidence Unit 002
  // needs (C4), mapped by the assessor to each criterion as they judge where it is not yet.
  await as(ctx, assessor);
  await ctx.visit(`/registrations/${registration}/assessment`);
  const testimony = await page
    .locator('label.checkbox', { hasText: `Expert witness testimony: ${witness.name}` })
    .locator('input[name=evidence_ids]')
    .first()
    .getAttribute('value');
  expect(testimony, 'the accepted testimony should be offered as evidence to rely on');
  for (const id of [REFERRED, ALSO_IN_PAGE]) {
    await ctx.visit(`/registrations/${registration}/assessment?item=${encodeURIComponent(id)}`);
    await ctx.check('Met');
    await page.locator(`input[name=evidence_ids][value="${evidence}"]`).check();
    await page.locator(`input[name=evidence_ids][value="${testimony}"]`).check();
    const map = page.locator(`input[name=map_evidence_ids][value="${testimony}"]`);
    if (await map.count()) await map.check();
    await ctx.fill('Feedback for the learner (plain text; needed when not yet met)', 'Shown clearly.');
    await ctx.submit('Record judgement');
    await ctx.expectText('The judgement is recorded');
  }
  const session = await api(ctx, null, 'POST', '/api/v1/sessions', { email: assessor.email, password: ctx.demo.password });
  expect(session.status === 201, `POST /api/v1/sessions answered ${session.status}`);
  for (const id of criteria.filter((c) => c !== REFERRED && c !== ALSO_IN_PAGE)) {
    const judged = await api(ctx, session.body.token, 'POST', `/api/v1/registrations/${registration}/decisions`, {
      criterion_id: id, outcome: 'met', evidence_ids: [evidence, testimony], map_evidence_ids: [testimony],
      feedback: 'Shown in your account and the observation.',
    });
    expect(judged.status === 201, `judging ${id} through the API answered ${judged.status}: ${JSON.stringify(judged.body)}`);
  }
  await ctx.visit(`/registrations/${registration}/assessment`);
  // The confirmation page says what is being signed; its button signs.
  await ctx.expectNavigation(() => ctx.page.getByRole('link', { name: 'Sign off Unit 002…' }).click());
  await ctx.expectText('What is being signed');
  await ctx.checkSkipLink();
  await ctx.atWidths('sign-off-confirm');
  await ctx.submit('Sign off Unit 002');
  await ctx.expectText('The unit is signed off and locked.');

  // The learner countersigns; the tracker shows Unit 002 met.
  await as(ctx, learner);
  await ctx.visit(`/registrations/${registration}/assessment`);
  // The confirmation page says what is being signed; its button signs.
  await ctx.expectNavigation(() => ctx.page.getByRole('link', { name: 'Countersign Unit 002…' }).click());
  await ctx.expectText('What is being signed');
  await ctx.checkSkipLink();
  await ctx.submit('Countersign Unit 002');
  await ctx.expectText('Your countersignature is recorded.');
  await ctx.visit(`/registrations/${registration}/tracker`);
  const unit = normalise(await page.locator('section[aria-labelledby="unit-002"]').innerText());
  expect(unit.includes('100% met'), `the tracker's Unit 002 should read 100% met; it reads "${unit.slice(0, 200)}"`);
}

/** A date `days` from today (UTC), at midnight UTC. */
function daysFromNow(days) {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days));
}

/** 2026-12-14, as a date field takes it. */
function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

/** 14 December 2026, as the pages write a date. */
function longDate(date) {
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function normalise(text) {
  return String(text).replace(/\s+/g, ' ').trim();
}
