// Issue 7, certification claims and what the learner takes away, as the people do it in the pages.
// Setup only, through the JSON API (as unit-002 and iqa-sampling do): the centre administrator
// registers a new learner of the journey's own on City & Guilds 3085-01 (so no other journey's
// learner is claimed or locked); the learner chooses a password through the emailed link (in the
// page); evidence mapped to every criterion of Unit 001, declared and submitted; the assessor
// judges each criterion met and signs Unit 001 off; the learner countersigns; the IQA checks one of
// the decisions (summative, agreed: Q2 before a claim). Then, in the pages:
// the centre administrator opens Claims, sees the learner ready (and the others with what they
// still lack), ticks only this learner and makes a draft claim; downloads the claim file (CSV:
// header and the learner's row) and the summary PDF; submits the claim; records a certificate
// number and date (certificated). The learner signs in, downloads the achievement record PDF and
// the portfolio ZIP, opens "Your digital credentials", downloads Unit 001's credential (.jwt),
// pastes it into /credentials/verify (signed out) and sees "This credential is valid". Every page
// is axe-checked; the claim and verify forms are operated by keyboard.

import { ok, tokenFor } from '../lib/api.mjs';
import { expect } from '../lib/assert.mjs';
import { assignmentInForce } from '../lib/assignment.mjs';
import { dayFromNow, rowWith } from '../lib/pages.mjs';

export const name = 'claims';
export const timeoutMs = 240_000;

const QUALIFICATION = 'cg-3085-01';
const UNIT = 'cg-3085/u001';
const CSV_HEADER = 'centre_number,enrolment_number,learner_name,date_of_birth,qualification_number,unit_number,achievement_date';
const PASSWORD = 'claims journey password for a new learner';

async function as(ctx, who, password) {
  if (ctx.signedIn) await ctx.signOut();
  await ctx.signIn(who.email, password);
  ctx.signedIn = who;
}

/** Every string under an `id` key in `value` that is one of Unit 001's criteria. */
function unitCriteria(value, found = new Set()) {
  if (Array.isArray(value)) value.forEach((v) => unitCriteria(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'id' && typeof v === 'string' && new RegExp(`^${UNIT}/lo\\d+/ac[\\d.]+$`).test(v)) found.add(v);
      else unitCriteria(v, found);
    }
  }
  return [...found];
}

function normalise(text) {
  return String(text).replace(/\s+/g, ' ').trim();
}

/** GET `path` with the page's cookies; the status, content type and body bytes. */
async function download(ctx, path) {
  const response = await ctx.page.request.get(ctx.url(path));
  return { status: response.status(), type: response.headers()['content-type'] ?? '', bytes: await response.body() };
}

/** Setup: a new learner on 3085-01 with Unit 001 signed off and countersigned; their registration. */
async function readyLearner(ctx, learner) {
  const { centreAdmin, assessor, iqa } = ctx.demo.accounts;
  const centre = ctx.demo.centre.id;
  const adminToken = await tokenFor(ctx, centreAdmin);
  const people = (await ok(ctx, adminToken, 'GET', `/api/v1/centres/${centre}`)).people;
  const idOf = (email) => {
    const person = people.find((p) => p.email === email);
    expect(person, `setup: ${email} is not among the centre's people`);
    return person.id;
  };
  const registered = await ok(ctx, adminToken, 'POST', `/api/v1/centres/${centre}/registrations`, {
    learner: { name: learner.name, email: learner.email, date_of_birth: '1990-03-14' },
    qualification_id: QUALIFICATION,
    start_date: dayFromNow(-60).iso,
    planned_end_date: dayFromNow(300).iso,
    workplace: 'Day service',
    employer: 'Care at Home Ltd',
    assessor_id: idOf(assessor.email),
    iqa_id: idOf(iqa.email),
    awarding_body_ref: learner.enrolment,
  });
  const registration = registered.id;

  // The new learner chooses a password through the emailed link, in the page.
  const link = await ctx.mailedLink(learner.email, '/password/');
  await ctx.visit(link);
  await ctx.fill('New password', PASSWORD);
  await ctx.submit('Save password');
  await ctx.page.context().clearCookies();

  const learnerToken = await tokenFor(ctx, learner, PASSWORD);
  const tracked = await ok(ctx, learnerToken, 'GET', `/api/v1/registrations/${registration}/tracker`);
  const criteria = unitCriteria(tracked.tracker);
  expect(criteria.length > 5, `setup: Unit 001's criteria in the tracker: ${criteria.join(', ')}`);
  // C4: Unit 001 is met only on the learner's submission of the assignment in force.
  await assignmentInForce(ctx, adminToken, centre, criteria);
  const submission = await ok(ctx, learnerToken, 'POST', `/api/v1/registrations/${registration}/assignment/submission`, {
    title: `Personalisation in my service ${ctx.unique()}`,
    activity_date: dayFromNow(-5).iso,
    text: 'How the laws and policies on personalisation shape the support I give, with examples.',
  });
  const evidence = { id: submission.evidence_id };
  await ok(ctx, learnerToken, 'POST', `/api/v1/evidence/${evidence.id}/declaration`, { typed_name: learner.name });
  await ok(ctx, learnerToken, 'POST', `/api/v1/evidence/${evidence.id}/submit`);
  const assessorToken = await tokenFor(ctx, assessor);
  const decisions = [];
  for (const criterion_id of criteria) {
    decisions.push(await ok(ctx, assessorToken, 'POST', `/api/v1/registrations/${registration}/decisions`, {
      criterion_id, outcome: 'met', evidence_ids: [evidence.id], feedback: 'Shown in your assignment.',
    }));
  }
  await ok(ctx, assessorToken, 'POST', `/api/v1/registrations/${registration}/units/${UNIT}/sign-off`, {});
  await ok(ctx, learnerToken, 'POST', `/api/v1/registrations/${registration}/units/${UNIT}/countersign`, {});
  await ok(ctx, adminToken, 'PUT', `/api/v1/registrations/${registration}/assignment/verification`, { unit_id: UNIT, status: 'verified' });
  // The unit's last criterion: the iqa-sampling journey samples the first ones of the same unit and
  // finds its samples by criterion on the centre's sampling page, so this sample must not share one.
  await summativeCheck(ctx, iqa, decisions[decisions.length - 1].id);
  return registration;
}

/** Q2: the IQA's summative check of one of the unit's decisions, agreed, under a sampling plan in
 * force for the qualification (written here when the centre has none). */
async function summativeCheck(ctx, iqa, judgementId) {
  const centre = ctx.demo.centre.id;
  const iqaToken = await tokenFor(ctx, iqa);
  const today = dayFromNow(0).iso;
  const listed = await ok(ctx, iqaToken, 'GET', `/api/v1/centres/${centre}/sampling/plans`);
  let plan = listed.plans.find((p) => p.qualification_id === QUALIFICATION && p.period_start <= today && p.period_end >= today);
  if (!plan) {
    plan = await ok(ctx, iqaToken, 'POST', `/api/v1/centres/${centre}/sampling/plans`, {
      qualification_id: QUALIFICATION,
      period_start: dayFromNow(-30).iso,
      period_end: dayFromNow(60).iso,
      interim_on: dayFromNow(0).iso,
      summative_on: dayFromNow(1).iso,
      experienced_rate: 100,
      rates: [],
      notes: `Claims journey plan ${ctx.unique()}`,
    });
  }
  const taken = await ok(ctx, iqaToken, 'POST', `/api/v1/centres/${centre}/samples`, {
    judgement_ids: [judgementId], plan_id: plan.id, stage: 'summative',
    adjustment_reason: 'The summative check of this learner before the claim.',
  });
  const sampleId = taken.ids[0];
  expect(sampleId, `setup: the sample taken: ${JSON.stringify(taken)}`);
  await ok(ctx, iqaToken, 'POST', `/api/v1/samples/${sampleId}/outcome`, {
    outcome: 'agree', feedback: 'The decisions are sound and the evidence is the learner\'s own.', actions: [],
  });
}

export async function run(ctx) {
  const { page } = ctx;
  const { centreAdmin } = ctx.demo.accounts;
  const suffix = ctx.unique('c');
  const learner = {
    name: `Niamh Ó Ceallaigh ${suffix}`,
    email: `${suffix}@example.test`,
    enrolment: `CLM${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`,
  };
  const registration = await readyLearner(ctx, learner);

  // The centre administrator opens Claims: the learner is ready; others show what they lack.
  await as(ctx, centreAdmin);
  const claimsPath = `/centres/${ctx.demo.centre.id}/claims`;
  const claimsLink = page.locator(`main a[href="${claimsPath}"]`, { hasText: /^Claims/ });
  if (ctx.verify(await claimsLink.count() === 1, `the centre administrator's home should link to ${claimsPath}; it does not`)) {
    await claimsLink.focus();
    await ctx.expectNavigation(() => page.keyboard.press('Enter'), { path: claimsPath });
  } else {
    await ctx.visit(claimsPath);
  }
  await ctx.checkSkipLink();
  await ctx.expectText('Ready to claim');
  await ctx.expectText(learner.name);
  await ctx.expectText('Not ready yet');
  const lacking = await page.locator('section[aria-labelledby="not-ready"] td ul li').count();
  ctx.verify(lacking > 0, 'the "Not ready yet" table should say what the other learners still need');

  // Tick only this learner and make a draft claim, by keyboard.
  const boxes = page.locator('input[type=checkbox][name=registration_ids]');
  for (let i = 0; i < (await boxes.count()); i += 1) {
    const box = boxes.nth(i);
    if ((await box.getAttribute('value')) !== registration) await box.uncheck();
  }
  const ours = page.locator(`input[type=checkbox][name=registration_ids][value="${registration}"]`);
  expect(await ours.count() === 1, `the learner ${learner.name} should have one box to tick`);
  await ours.uncheck();
  await ours.focus();
  await page.keyboard.press('Space');
  expect(await ours.isChecked(), 'Space should tick the learner\'s box');
  const form = page.locator('form', { has: ours });
  const make = form.getByRole('button', { name: 'Make a draft claim' });
  await make.focus();
  await ctx.expectNavigation(() => page.keyboard.press('Enter'), { path: /^\/claims\/[^/]+/ });
  const claim = /^\/claims\/([^/?#]+)/.exec(ctx.path())[1];
  await ctx.checkSkipLink();
  await ctx.expectText(learner.name);

  // The claim file and the summary.
  const csvLink = page.locator('main a', { hasText: 'Claim file for' });
  expect(await csvLink.getAttribute('href') === `/claims/${claim}/export.csv`, 'the claim page should link to its CSV');
  const csv = await download(ctx, `/claims/${claim}/export.csv`);
  expect(csv.status === 200, `the claim file answered ${csv.status}`);
  const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  ctx.verify(lines[0] === CSV_HEADER, `the claim file's header should be ${CSV_HEADER}; it is ${lines[0]}`);
  const row = lines.find((l) => l.includes(learner.enrolment));
  ctx.verify(row && row.includes(learner.name) && row.includes('1990-03-14'), `the claim file should have the learner's row: ${lines.join(' | ')}`);
  const summary = await download(ctx, `/claims/${claim}/summary.pdf`);
  ctx.verify(summary.status === 200, `the claim summary answered ${summary.status}`);
  ctx.verify(summary.bytes.subarray(0, 4).toString('latin1') === '%PDF', 'the claim summary should be a PDF');

  // Submit the claim.
  await ctx.submit('Submit the claim', { path: new RegExp(`^/claims/${claim}`) });
  await ctx.expectText('Submitted');

  // Record the certificate and mark it certificated.
  const certificate = `CERT-${suffix}`;
  const certified = 'form[action$="/certificated"]';
  const today = dayFromNow(0);
  await ctx.fill('Certificate number', certificate, { within: certified });
  await ctx.fill('Certificate date', today.iso, { within: certified });
  await ctx.submit('Mark certificated', { within: certified, path: new RegExp(`^/claims/${claim}`) });
  await ctx.expectText('Certificated');
  const learnerRow = await rowWith(ctx, learner.name);
  ctx.verify(learnerRow.includes(certificate), `the learner's row should show the certificate number; it reads "${learnerRow}"`);

  // The learner: the achievement record, the portfolio, the credentials.
  await as(ctx, learner, PASSWORD);
  const record = `/registrations/${registration}/record.pdf`;
  ctx.verify(await page.locator(`main a[href="${record}"]`).count() > 0, `the learner's home should link to ${record}; it does not`);
  const pdf = await download(ctx, record);
  ctx.verify(pdf.status === 200, `the achievement record answered ${pdf.status}`);
  ctx.verify(pdf.bytes.subarray(0, 4).toString('latin1') === '%PDF', 'the achievement record should be a PDF');
  const zipPath = `/registrations/${registration}/portfolio.zip`;
  const zipLink = page.locator(`main a[href="${zipPath}"]`);
  ctx.verify(await zipLink.count() === 1, `the learner's home should link to ${zipPath}`);
  const zip = await download(ctx, zipPath);
  ctx.verify(zip.status === 200, `the portfolio answered ${zip.status}`);
  ctx.verify(zip.bytes.subarray(0, 2).toString('latin1') === 'PK', 'the portfolio should be a ZIP');

  await ctx.expectNavigation(() => page.locator(`main a[href="/registrations/${registration}/credentials"]`).click(), {
    path: `/registrations/${registration}/credentials`,
  });
  await ctx.checkSkipLink();
  const credentialLink = page.locator('main a[download]', { hasText: 'Download the credential for' });
  expect(await credentialLink.count() === 1, `the credentials page should offer one credential; it offers ${await credentialLink.count()}`);
  const href = await credentialLink.getAttribute('href');
  ctx.verify(href === `/registrations/${registration}/units/${UNIT}/credential.jwt`, `the credential link is ${href}`);
  const [file] = await Promise.all([page.waitForEvent('download'), credentialLink.click()]);
  ctx.verify(file.suggestedFilename().endsWith('.jwt'), `the credential's file name is ${file.suggestedFilename()}`);
  const path = await file.path();
  const { readFile } = await import('node:fs/promises');
  const jwt = (await readFile(path, 'utf8')).trim();
  expect(/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt), `the credential should be a JWT; it starts "${jwt.slice(0, 40)}"`);

  // Anyone (signed out here) checks it: pasted, submitted by keyboard, valid.
  await ctx.signOut();
  ctx.signedIn = null;
  await ctx.visit('/credentials/verify');
  await ctx.checkSkipLink();
  const field = await ctx.field('Credential (the text of the .jwt file)');
  await field.fill(jwt);
  await ctx.tabTo('Check the credential');
  await ctx.expectNavigation(() => page.keyboard.press('Enter'), { path: /^\/credentials\/verify/ });
  await ctx.expectText('This credential is valid');
  const said = normalise(await page.locator('main').innerText());
  ctx.verify(said.includes(ctx.demo.centre.name), `the check should name the issuer ${ctx.demo.centre.name}: "${said.slice(0, 300)}"`);
}
