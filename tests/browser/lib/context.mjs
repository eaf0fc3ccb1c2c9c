// The `ctx` a journey receives: a fresh page in a fresh browser context, and helpers that keep the
// promises of DESIGN.md ("every page works with a keyboard and passes axe") cheap to keep.
//
// Besides what the helpers assert, the journey fails at its end if
//   - axe found a violation on any page (the journey goes on, so one run reports every page);
//   - a label did not lead to its control (see field());
//   - a page was loaded (a main-frame document, by any navigation) that axe never checked;
//   - a page threw an uncaught script error, broke its Content-Security-Policy, or logged an error;
//   - a stylesheet, script, image or other sub-resource failed or answered with status >= 400.

import { formatViolations, runAxe } from './a11y.mjs';
import { mailedLink } from './outbox.mjs';
import { expect, fail } from './assert.mjs';
import { DEMO_ACCOUNTS, DEMO_CENTRE, DEMO_PASSWORD, unique } from './demo.mjs';

const TEXT_TIMEOUT_MS = 5_000;
const FOCUS_TIMEOUT_MS = 2_000;

/** Strip the fragment: /#main and / are the same document. */
function documentUrl(url) {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

function normalise(text) {
  return String(text).replace(/\s+/g, ' ').trim();
}

/** What has keyboard focus, described for assertions and for failure messages. */
function describeFocus() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const rect = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const text = (el.innerText || el.getAttribute('aria-label') || el.value || '')
    .replace(/\s+/g, ' ')
    .trim();
  // A form control's (first) label, the way a person finds a field.
  const label = (el.labels?.[0]?.innerText ?? '').replace(/\s+/g, ' ').trim();
  let selector = el.tagName.toLowerCase();
  if (el.id) selector += `#${el.id}`;
  for (const c of el.classList) selector += `.${c}`;
  const href = el.getAttribute('href');
  if (href !== null) selector += `[href="${href}"]`;
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id || null,
    href,
    text,
    label,
    describe: `${selector}${text ? ` "${text}"` : ''}${label ? ` (label "${label}")` : ''}`,
    // On screen, not zero-sized or clipped away, not hidden: a sighted keyboard user sees it.
    visible:
      rect.width > 1 &&
      rect.height > 1 &&
      rect.right > 0 &&
      rect.bottom > 0 &&
      rect.left < window.innerWidth &&
      rect.top < window.innerHeight &&
      style.visibility !== 'hidden' &&
      style.opacity !== '0',
  };
}

export async function openJourney(browser, baseUrl, { dataDir = null } = {}) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(30_000);

  const loaded = new Map(); // document URL -> status, for every page the main frame loaded
  const checked = new Set(); // document URLs axe has checked
  const problems = [];
  const reportedViolations = new Set(); // "pathname rule target": each reported once per journey
  const snapshots = []; // { label, html, png } of pages where axe found something new
  let axeChecks = 0;

  page.on('response', (response) => {
    const request = response.request();
    const status = response.status();
    if (request.isNavigationRequest()) {
      if (request.frame() === page.mainFrame() && (status < 300 || status >= 400)) {
        loaded.set(documentUrl(response.url()), status);
      }
    } else if (status >= 400 && new URL(response.url()).pathname !== '/favicon.ico') {
      problems.push(`${request.resourceType()} ${response.url()} answered ${status} (on ${page.url()})`);
    }
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    if (!request.isNavigationRequest() && reason !== 'net::ERR_ABORTED') {
      problems.push(`${request.resourceType()} ${request.url()} failed: ${reason} (on ${page.url()})`);
    }
  });
  page.on('pageerror', (error) => {
    problems.push(`uncaught script error on ${page.url()}: ${error.message}`);
  });
  page.on('console', (message) => {
    const text = message.text();
    // Failed loads are reported from their responses above, with their URL.
    if (message.type() === 'error' && !text.startsWith('Failed to load resource')) {
      problems.push(`console error on ${page.url()}: ${text}`);
    }
  });

  const ctx = {
    page,
    baseUrl,

    /** Absolute URL for a path on the server under test. */
    url(path) {
      return new URL(path, baseUrl).href;
    },

    /** The current page's path (and query), without the origin. */
    path() {
      const u = new URL(page.url());
      return `${u.pathname}${u.search}`;
    },

    /**
     * Go to `path`, assert the HTTP status (< 400, or exactly `status` when given), then run axe.
     * Returns Playwright's Response.
     */
    async visit(path, { status } = {}) {
      const response = await page.goto(path, { waitUntil: 'load' });
      await expectPageStatus(page, response, path, status);
      await ctx.checkA11y();
      return response;
    },

    /**
     * Run `action` (a click, a key press) that navigates; wait for the new page, assert its status
     * (and path, when given), then run axe on it, as visit() does.
     */
    async expectNavigation(action, { status, path } = {}) {
      const [response] = await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        action(),
      ]);
      expect(response, `expected a navigation from ${ctx.path()}, but the document did not change`);
      await expectPageStatus(page, response, ctx.path(), status);
      if (path !== undefined) {
        const ok = path instanceof RegExp ? path.test(ctx.path()) : ctx.path() === path;
        expect(ok, `expected to arrive at ${path}, arrived at ${ctx.path()}`);
      }
      await ctx.checkA11y();
      return response;
    },

    /** axe-core, WCAG 2.0/2.1 A and AA, on the page as it is now. Any violation fails. */
    async checkA11y() {
      const violations = await runAxe(page);
      checked.add(documentUrl(page.url()));
      axeChecks += 1;
      // The journey goes on (axe changes nothing on the page) and fails at its end, so one run
      // lists every violation on every page; a page seen again reports only what is new.
      const { pathname } = new URL(page.url());
      const fresh = violations
        .map((v) => ({
          ...v,
          nodes: v.nodes.filter((n) => !reportedViolations.has(`${pathname} ${v.id} ${n.target}`)),
        }))
        .filter((v) => v.nodes.length);
      if (!fresh.length) return;
      for (const v of fresh) for (const n of v.nodes) reportedViolations.add(`${pathname} ${v.id} ${n.target}`);
      problems.push(formatViolations(ctx.path(), fresh));
      snapshots.push({
        label: `axe-${snapshots.length + 1}`,
        html: await page.content(),
        png: await page.screenshot({ fullPage: true, timeout: 10_000 }).catch(() => null),
      });
    },

    /**
     * The page at 1280 and 390 px wide: at 390 it must not scroll sideways (a soft failure names
     * how wide it is). With BROWSER_SHOTS set to a folder, a full-page screenshot of each width is
     * saved there as `<name>-<width>.png`, for a person to look at.
     */
    async atWidths(name) {
      const before = page.viewportSize();
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width === 390 && wide > width) {
          problems.push(`${ctx.path()} scrolls sideways at 390 px wide: the page is ${wide} px wide`);
        }
        if (process.env.BROWSER_SHOTS) {
          await page.screenshot({ path: `${process.env.BROWSER_SHOTS}/${name}-${width}.png`, fullPage: true, timeout: 10_000 });
        }
      }
      if (before) await page.setViewportSize(before);
    },

    /** The page's visible text contains `text` (whitespace collapsed), or matches a RegExp. */
    async expectText(text, { timeout = TEXT_TIMEOUT_MS } = {}) {
      const wanted = text instanceof RegExp ? text : normalise(text);
      const deadline = Date.now() + timeout;
      let body = '';
      for (;;) {
        body = normalise(await page.locator('body').innerText());
        if (wanted instanceof RegExp ? wanted.test(body) : body.includes(wanted)) return;
        if (Date.now() > deadline) break;
        await page.waitForTimeout(100);
      }
      const start = body.length > 300 ? `${body.slice(0, 300)}…` : body;
      const shown = wanted instanceof RegExp ? String(wanted) : JSON.stringify(wanted);
      fail(`expected the text ${shown} on ${ctx.path()}; the page reads: "${start}"`);
    },

    /** What has keyboard focus now: { tag, id, href, text, describe, visible }, or null. */
    async focused() {
      return page.evaluate(describeFocus);
    },

    /** Press Tab `n` times; returns what has focus after the last press (see focused()). */
    async pressTab(n = 1) {
      for (let i = 0; i < n; i += 1) await page.keyboard.press('Tab');
      return ctx.focused();
    },

    /**
     * Press Tab until the focused element's text, or a form control's label, is `name` (a string,
     * compared exactly after collapsing whitespace, or a RegExp); at most `max` presses. Returns the
     * focused element.
     */
    async tabTo(name, { max = 30 } = {}) {
      const seen = [];
      const matches = (text) => (name instanceof RegExp ? name.test(text) : text === normalise(name));
      for (let i = 0; i < max; i += 1) {
        const el = await ctx.pressTab(1);
        seen.push(el ? el.describe : '(nothing)');
        if (el && (matches(el.text) || (el.label && matches(el.label)))) {
          expect(el.visible, `${el.describe} has focus but is not visible on screen`);
          return el;
        }
      }
      fail(`no focusable element named ${name} within ${max} Tab presses on ${ctx.path()}; focus went: ${seen.join(' → ')}`);
    },

    /**
     * From a freshly loaded copy of the current page: the first Tab lands on a visible "Skip to main
     * content" link, and Enter on it moves focus to main#main.
     */
    async checkSkipLink() {
      expect(page.url().startsWith(baseUrl), 'checkSkipLink() needs a page: call ctx.visit() first');
      await page.reload({ waitUntil: 'load' });
      const first = await ctx.pressTab(1);
      expect(
        first && first.tag === 'a' && first.text === 'Skip to main content',
        `on ${ctx.path()} the first Tab should reach the "Skip to main content" link; it reached ${first ? first.describe : 'nothing'}`,
      );
      expect(first.visible, `on ${ctx.path()} the skip link has focus but is not visible on screen`);
      await page.keyboard.press('Enter');
      try {
        await page.waitForFunction(() => document.activeElement?.matches('main#main'), null, {
          timeout: FOCUS_TIMEOUT_MS,
        });
      } catch {
        const now = await ctx.focused();
        fail(`on ${ctx.path()} Enter on the skip link should move focus to main#main; focus is on ${now ? now.describe : 'the document body'}`);
      }
    },

    /**
     * A soft expect(): when `condition` is false, `message` is recorded and the journey goes on
     * (it fails at its end). For a wrong detail that later steps do not depend on, so one run
     * reports every problem of the journey.
     */
    verify(condition, message) {
      if (!condition) problems.push(`${message} (on ${ctx.path()})`);
      return Boolean(condition);
    },

    /**
     * Run a step whose failure later steps do not depend on: if it throws, its message is
     * recorded and the journey goes on (it fails at its end). Returns the step's result, or
     * undefined when it failed.
     */
    async soft(step) {
      try {
        return await step();
      } catch (error) {
        problems.push(error instanceof Error && error.name === 'JourneyFailure' ? error.message : String(error?.message ?? error).split('\n')[0]);
        return undefined;
      }
    },

    /**
     * The newest link to `pathPrefix` (say '/witness/') in mail to `address` that the server put
     * in its outbox folder (no SMTP in the browser tests); waits for the mail worker to send it.
     * Returns the link's path.
     */
    async mailedLink(address, pathPrefix, { timeout = 15_000 } = {}) {
      expect(dataDir, 'the server under test has no data folder to read the outbox from');
      return mailedLink(dataDir, address, pathPrefix, timeout);
    },

    // ---- Signed-in journeys: the demo data (lib/demo.mjs), signing in and out -----------------

    /** What `serve --demo` seeded: { password, centre: { id, name }, accounts: { admin, … } }. */
    demo: { password: DEMO_PASSWORD, centre: DEMO_CENTRE, accounts: DEMO_ACCOUNTS },

    /** A short random suffix for names and emails this journey owns: unique('eqa') → "eqa-3f9c1a". */
    unique,

    /**
     * Sign in through the sign-in page as a person does: visit /sign-in (axe), find the fields by
     * their labels, type, press Enter in the password field; assert the landing page is /home
     * (axe). The session lives in this journey's own browser context only.
     */
    async signIn(email, password = DEMO_PASSWORD) {
      await ctx.visit('/sign-in');
      expect(ctx.path().startsWith('/sign-in'), `GET /sign-in went to ${ctx.path()}: someone is signed in already in this journey`);
      await ctx.fill('Email address', email);
      const passwordField = await ctx.field('Password');
      await passwordField.fill(password);
      const [response] = await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        passwordField.press('Enter'),
      ]);
      if (ctx.path() !== '/home') {
        const said = normalise(await page.locator('main').innerText().catch(() => ''));
        fail(`signing in as ${email} should land on /home; it answered ${response?.status()} at ${ctx.path()}: "${said.slice(0, 200)}"`);
      }
      await expectPageStatus(page, response, '/home', undefined);
      await ctx.checkA11y();
    },

    /**
     * Sign out with the "Sign out" button in the page header (the current page must have one);
     * assert the sign-in page says so, and that /home now asks to sign in again.
     * `{ byKeyboard: true }`: Tab to the button from where focus is now (on a freshly loaded page,
     * from its top) and press Enter, instead of clicking.
     */
    async signOut({ byKeyboard = false } = {}) {
      const button = page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true });
      expect(await button.count() === 1, `no "Sign out" button in the header of ${ctx.path()}`);
      if (byKeyboard) await ctx.tabTo('Sign out', { max: 15 });
      const action = byKeyboard ? () => page.keyboard.press('Enter') : () => button.click();
      await ctx.expectNavigation(action, { path: '/sign-in?done=signed-out' });
      await ctx.expectText('You have signed out.');
      await ctx.visit('/home');
      expect(ctx.path() === '/sign-in', `after signing out, /home should send to /sign-in; it showed ${ctx.path()}`);
    },

    // ---- Forms, found and filled by their labels -----------------------------------------------

    /**
     * The control a label names, inside `within` (a CSS selector; default: main), found as a
     * person finds it: the <label> whose text is exactly `label`, then the control the browser
     * ties to it (label.control). A label that names nothing, or a control outside `within` (two
     * elements sharing an id), is recorded as a problem (the journey fails at its end) and the
     * control the label was meant for, by its `for`, is used so the journey can go on.
     * Returns a Playwright Locator.
     */
    async field(label, { within = 'main' } = {}) {
      const scope = page.locator(within);
      const found = await scope.evaluate((root, wanted) => {
        const norm = (text) => String(text ?? '').replace(/\s+/g, ' ').trim();
        const controls = [...root.querySelectorAll('input, select, textarea')];
        const describe = (el) =>
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.name ? `[name="${el.name}"]` : ''}` +
          `${el.form?.getAttribute('action') ? ` of the form to ${el.form.getAttribute('action')}` : ''}`;
        const all = [...root.querySelectorAll('label')];
        const labels = all.filter((l) => norm(l.innerText) === wanted);
        if (labels.length !== 1) {
          return {
            error: labels.length
              ? `${labels.length} labels read "${wanted}"`
              : `no label reads "${wanted}" (the labels: ${all.map((l) => `"${norm(l.innerText)}"`).join(', ') || 'none'})`,
          };
        }
        const [tag] = labels;
        const control = tag.control;
        if (control && root.contains(control)) return { index: controls.indexOf(control) };
        const forId = tag.htmlFor;
        const meant = controls.find((c) => c.id === forId) ?? controls.find((c) => c.name === forId);
        return {
          index: meant ? controls.indexOf(meant) : -1,
          problem: control
            ? `the label "${wanted}" (for="${forId}") is tied to ${describe(control)}, not to ${meant ? describe(meant) : 'a control beside it'}: more than one element has id="${forId}", so clicking the label or a screen reader reaches the wrong field`
            : `the label "${wanted}" (for="${forId}") is tied to no control`,
        };
      }, normalise(label));
      if (found.error) fail(`on ${ctx.path()}, in ${within}: ${found.error}`);
      if (found.problem) {
        const message = `on ${ctx.path()}: ${found.problem}`;
        if (!problems.includes(message)) problems.push(message);
      }
      if (found.index < 0) fail(`on ${ctx.path()}: no field for the label "${label}" in ${within}`);
      return scope.locator('input, select, textarea').nth(found.index);
    },

    /** Type `value` into the field labelled `label` (see field()). */
    async fill(label, value, options) {
      await (await ctx.field(label, options)).fill(value);
    },

    /** Tick the checkbox labelled `label`. */
    async check(label, options) {
      await (await ctx.field(label, options)).check();
    },

    /** Choose in the select labelled `label`: `option` is its visible text, or { value } / { index }. */
    async choose(label, option, options) {
      const select = await ctx.field(label, options);
      await select.selectOption(typeof option === 'string' ? { label: option } : option);
    },

    /** The current value of the field labelled `label`. */
    async valueOf(label, options) {
      return (await ctx.field(label, options)).inputValue();
    },

    /**
     * Press the button named `name` (inside `within`, default main) and expect a new page, as
     * expectNavigation() does: `{ status, path }` (a form with errors answers 422, say).
     */
    async submit(name, { within = 'main', status, path } = {}) {
      const button = page.locator(within).getByRole('button', { name, exact: true });
      const count = await button.count();
      expect(count === 1, `on ${ctx.path()}, ${count} buttons named "${name}" in ${within}`);
      return ctx.expectNavigation(() => button.click(), { status, path });
    },

    /**
     * The page shows an error summary (role="alert", "There is a problem") holding each of
     * `messages`. Returns its links: [{ text, href }].
     */
    async expectErrorSummary(...messages) {
      const summaries = await page.evaluate(() =>
        [...document.querySelectorAll('.error-summary')].map((s) => ({
          role: s.getAttribute('role'),
          visible: s.getClientRects().length > 0,
          text: s.innerText.replace(/\s+/g, ' ').trim(),
          links: [...s.querySelectorAll('a')].map((a) => ({
            text: a.innerText.replace(/\s+/g, ' ').trim(),
            href: a.getAttribute('href'),
          })),
        })),
      );
      expect(summaries.length, `expected an error summary on ${ctx.path()}; there is none`);
      const summary = summaries.find((s) => messages.every((m) => s.text.includes(m))) ?? summaries[0];
      for (const m of messages) {
        expect(summary.text.includes(m), `the error summary on ${ctx.path()} should say "${m}"; it says "${summary.text}"`);
      }
      expect(summary.role === 'alert', `the error summary on ${ctx.path()} should have role="alert" (it has ${summary.role})`);
      expect(summary.visible, `the error summary on ${ctx.path()} is not visible`);
      expect(summary.text.startsWith('There is a problem'), `the error summary on ${ctx.path()} should start "There is a problem"; it reads "${summary.text}"`);
      return summary.links;
    },

    /**
     * By keyboard: focus the error summary's link whose text is `message`, press Enter, and assert
     * focus moves to the field it points at (an input, select or textarea). Returns that field.
     */
    async followErrorLink(message) {
      const link = page.locator('.error-summary a', { hasText: message });
      expect(await link.count() === 1, `the error summary on ${ctx.path()} has no single link "${message}"`);
      const href = await link.getAttribute('href');
      expect(href?.startsWith('#'), `the error summary link "${message}" should point into the page; it goes to ${href}`);
      const id = decodeURIComponent(href.slice(1));
      const target = await page.evaluate((wanted) => {
        const all = document.querySelectorAll(`[id="${CSS.escape(wanted)}"]`);
        const el = all[0];
        return el && { count: all.length, tag: el.tagName.toLowerCase(), focusable: el.matches('input, select, textarea, button, a[href], [tabindex]') };
      }, id);
      expect(target, `the error summary link "${message}" goes to #${id}, which is not on the page`);
      expect(target.count === 1, `the error summary link "${message}" goes to #${id}, and ${target.count} elements have that id`);
      await link.focus();
      await page.keyboard.press('Enter');
      try {
        await page.waitForFunction((wanted) => document.activeElement?.id === wanted, id, { timeout: FOCUS_TIMEOUT_MS });
      } catch {
        const now = await ctx.focused();
        fail(`on ${ctx.path()} Enter on the error summary link "${message}" should move focus to #${id} (a ${target.tag}${target.focusable ? '' : ' that cannot take focus'}); focus is on ${now ? now.describe : 'the document body'}`);
      }
      return ctx.focused();
    },
  };

  /**
   * Run after the journey: what the journey did not assert but every page must keep. Pages left
   * unchecked are reported only when the journey itself finished (a failed step explains itself).
   */
  function finalProblems({ finished }) {
    const found = [...problems];
    if (!finished) return found;
    for (const [url, status] of loaded) {
      if (!checked.has(url)) {
        found.push(`page ${url} (status ${status}) was loaded but never checked by axe: after a navigation that is not ctx.visit(), use ctx.expectNavigation() or call ctx.checkA11y()`);
      }
    }
    return found;
  }

  return {
    ctx,
    page,
    stats: () => ({ axeChecks }),
    snapshots: () => snapshots,
    finalProblems,
    close: () => context.close(),
  };
}

/** expectStatus(), and when it fails, what the page said (an error page explains itself). */
async function expectPageStatus(page, response, path, status) {
  try {
    expectStatus(response, path, status);
  } catch (error) {
    const said = normalise(await page.locator('main').innerText({ timeout: 2_000 }).catch(() => ''));
    if (said) error.message += `: the page says "${said.length > 300 ? `${said.slice(0, 300)}…` : said}"`;
    throw error;
  }
}

function expectStatus(response, path, status) {
  expect(response, `no response for ${path}`);
  const got = response.status();
  const method = response.request().method();
  // A form post that redirects is answered by the page it redirects to: name both.
  const redirected = response.request().redirectedFrom();
  const what = redirected ? `${redirected.method()} ${new URL(redirected.url()).pathname} → ${method} ${path}` : `${method} ${path}`;
  if (status !== undefined) {
    expect(got === status, `${what} answered ${got}, expected ${status}`);
  } else {
    expect(got < 400, `${what} answered ${got}`);
  }
}
