// The `ctx` a journey receives: a fresh page in a fresh browser context, and helpers that keep the
// promises of DESIGN.md ("every page works with a keyboard and passes axe") cheap to keep.
//
// Besides what the helpers assert, the journey fails at its end if
//   - a page was loaded (a main-frame document, by any navigation) that axe never checked;
//   - a page threw an uncaught script error, broke its Content-Security-Policy, or logged an error;
//   - a stylesheet, script, image or other sub-resource failed or answered with status >= 400.

import { formatViolations, runAxe } from './a11y.mjs';
import { expect, fail } from './assert.mjs';

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
    describe: `${selector}${text ? ` "${text}"` : ''}`,
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

export async function openJourney(browser, baseUrl) {
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
      expectStatus(response, path, status);
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
      expectStatus(response, ctx.path(), status);
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
      if (violations.length) fail(formatViolations(ctx.path(), violations));
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
     * Press Tab until the focused element's text is `name` (a string, compared exactly after
     * collapsing whitespace, or a RegExp); at most `max` presses. Returns the focused element.
     */
    async tabTo(name, { max = 30 } = {}) {
      const seen = [];
      for (let i = 0; i < max; i += 1) {
        const el = await ctx.pressTab(1);
        seen.push(el ? el.describe : '(nothing)');
        if (el && (name instanceof RegExp ? name.test(el.text) : el.text === normalise(name))) {
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
    finalProblems,
    close: () => context.close(),
  };
}

function expectStatus(response, path, status) {
  expect(response, `no response for ${path}`);
  const got = response.status();
  if (status !== undefined) {
    expect(got === status, `GET ${path} answered ${got}, expected ${status}`);
  } else {
    expect(got < 400, `GET ${path} answered ${got}`);
  }
}
