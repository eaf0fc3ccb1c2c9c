// axe-core in the page under test. The app sends a strict Content-Security-Policy (script-src
// 'self'), so a <script> tag cannot carry axe in; page.evaluate runs through the DevTools protocol,
// which the page's CSP does not govern, so the page keeps its real policy while axe runs.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_VERSION = require('axe-core/package.json').version;

/** WCAG 2.0 and 2.1, levels A and AA: what DESIGN.md's "passes an automated check" means. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function injectAxe(page) {
  const present = await page.evaluate(() => typeof window.axe?.run === 'function');
  if (!present) await page.evaluate(AXE_SOURCE);
}

/** Runs axe on the whole document; returns the violations in a plain, printable shape. */
export async function runAxe(page) {
  await injectAxe(page);
  return page.evaluate(async (tags) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' '),
        html: n.html,
        summary: n.failureSummary,
      })),
    }));
  }, WCAG_TAGS);
}

/** One readable block: rule id, impact, help, help URL, then each element with why it failed. */
export function formatViolations(url, violations) {
  const lines = [`axe found ${violations.length} WCAG A/AA violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact ?? 'n/a'}]: ${v.help}`);
    lines.push(`  ${v.helpUrl}`);
    for (const node of v.nodes) {
      lines.push(`  at ${node.target}`);
      lines.push(`     ${truncate(node.html, 160)}`);
      for (const reason of (node.summary ?? '').split('\n').filter(Boolean)) {
        lines.push(`     ${reason.trim()}`);
      }
    }
  }
  return lines.join('\n');
}

function truncate(text, max) {
  const flat = String(text ?? '').replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
