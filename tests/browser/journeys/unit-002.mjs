// The whole of City & Guilds 3085-02 Unit 002 for one learner, as the people do it in the pages:
// the learner evidences, maps, declares and submits (the assessor is told); the assessor observes
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

  // The learner writes the evidence, maps it to every Unit 002 criterion, signs and submits it.
  await as(ctx, learner);
  await ctx.expectNavigation(() => page.locator('main a', { hasText: 'cg-3085-02' }).first().click());
  const registration = idAfter(ctx, 'registrations');
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
  await ctx.choose('Criterion or item', `Unit 002: ${REFERRED}`);
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
  await ctx.fill('Write your evidence here (Markdown: **bold**, lists with -, headings with #)', 'I reviewed Mr B\'s support plan with him and his sister. Mr B chose to invite his sister, and said what mattered to him first.');
  await ctx.submit('Save a new version');
  await ctx.fill('Type your full name to sign', learner.name);
  await ctx.submit('Sign the declaration');
  await ctx.submit('Submit for assessment');
  await ctx.expectText('Submitted for assessment');

  // The assessor judges every criterion met: two in the page, the others through the API.
  await as(ctx, assessor);
  for (const id of [REFERRED, ALSO_IN_PAGE]) {
    await ctx.visit(`/registrations/${registration}/assessment?item=${encodeURIComponent(id)}`);
    await ctx.check('Met');
    await page.locator(`input[name=evidence_ids][value="${evidence}"]`).check();
    await ctx.fill('Feedback for the learner (plain text; needed when not yet met)', 'Shown clearly.');
    await ctx.submit('Record judgement');
    await ctx.expectText('The judgement is recorded');
  }
  const session = await api(ctx, null, 'POST', '/api/v1/sessions', { email: assessor.email, password: ctx.demo.password });
  expect(session.status === 201, `POST /api/v1/sessions answered ${session.status}`);
  for (const id of criteria.filter((c) => c !== REFERRED && c !== ALSO_IN_PAGE)) {
    const judged = await api(ctx, session.body.token, 'POST', `/api/v1/registrations/${registration}/decisions`, {
      criterion_id: id, outcome: 'met', evidence_ids: [evidence], feedback: 'Shown in your account and the observation.',
    });
    expect(judged.status === 201, `judging ${id} through the API answered ${judged.status}: ${JSON.stringify(judged.body)}`);
  }
  await ctx.visit(`/registrations/${registration}/assessment`);
  await ctx.submit('Sign off Unit 002');
  await ctx.expectText('The unit is signed off and locked.');

  // The learner countersigns; the tracker shows Unit 002 met.
  await as(ctx, learner);
  await ctx.visit(`/registrations/${registration}/assessment`);
  await ctx.submit('Countersign Unit 002');
  await ctx.expectText('Your countersignature is recorded.');
  await ctx.visit(`/registrations/${registration}/tracker`);
  const unit = normalise(await page.locator('section[aria-labelledby="unit-002"]').innerText());
  expect(unit.includes('100% met'), `the tracker's Unit 002 should read 100% met; it reads "${unit.slice(0, 200)}"`);
}

function normalise(text) {
  return String(text).replace(/\s+/g, ' ').trim();
}
