#!/usr/bin/env node
// Browser journeys against the real server: starts `eportfolio serve --demo` (the demo centre and
// one account per role, lib/demo.mjs) on a free port with a fresh data folder, launches Debian's Chromium through playwright-core, runs every journeys/*.mjs in a
// fresh browser context, and prints one line per journey and last `N passed, M failed`.
// Builds nothing: the binary comes from EPORTFOLIO_BIN (default ../../target/debug/eportfolio).
//
//   node tests/browser/run.mjs [NAME-FILTER...]

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { AXE_VERSION } from './lib/a11y.mjs';
import { JourneyFailure } from './lib/assert.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { openJourney } from './lib/context.mjs';
import { Server } from './lib/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(
  process.env.EPORTFOLIO_BIN || path.join(HERE, '..', '..', 'target', 'debug', 'eportfolio'),
);
const JOURNEYS_DIR = path.join(HERE, 'journeys');
const ARTIFACTS_DIR = path.resolve(process.env.BROWSER_ARTIFACTS_DIR || path.join(HERE, 'artifacts'));
const JOURNEY_TIMEOUT_MS = Number(process.env.BROWSER_JOURNEY_TIMEOUT_MS || 120_000);

// Journeys rely on the demo data: signed-in journeys sign in with its accounts.
const server = new Server(BIN, { demo: true });
let browser = null;
let stopping = null;

/** Stop the browser and the server; idempotent, and awaited on every way out. */
function shutdown() {
  stopping ??= (async () => {
    await browser?.close().catch(() => {});
    await server.stop().catch(() => {});
  })();
  return stopping;
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the browser and the server`);
    shutdown().finally(() => process.exit(code));
  });
}
// Last resort (an uncaught error, process.exit elsewhere): no awaiting here, kill outright.
process.on('exit', () => server.killNow());

async function loadJourneys(filters) {
  const files = readdirSync(JOURNEYS_DIR)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const journeys = [];
  for (const file of files) {
    const mod = await import(pathToFileURL(path.join(JOURNEYS_DIR, file)).href);
    if (typeof mod.name !== 'string' || typeof mod.run !== 'function') {
      throw new Error(`journeys/${file} must export \`name\` (a string) and \`async function run(ctx)\``);
    }
    journeys.push({ file, name: mod.name, run: mod.run, timeoutMs: mod.timeoutMs, optIn: mod.optIn === true, first: mod.runsFirst === true });
  }
  const names = new Set();
  for (const j of journeys) {
    if (names.has(j.name)) throw new Error(`two journeys are named "${j.name}"`);
    names.add(j.name);
  }
  // A journey that must see the demo as seeded (the demo-homes audit, which also takes the
  // README's screenshots) runs before the others add their own people and work.
  journeys.sort((a, b) => Number(b.first) - Number(a.first));
  // Opt-in journeys run only when named.
  if (!filters.length) return journeys.filter((j) => !j.optIn);
  return journeys.filter((j) => filters.some((f) => j.name.includes(f) || j.file.includes(f)));
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new JourneyFailure(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function describeError(error) {
  if (error instanceof JourneyFailure) return error.message;
  // Playwright's errors carry a call log after the message; keep the first lines.
  const text = error?.stack || String(error);
  return text.split('\n').slice(0, 12).join('\n');
}

/** The last page, and each page where axe found a violation; returns a line naming them. */
async function saveArtifacts(journey, page, snapshots) {
  const saved = [];
  try {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const base = path.join(ARTIFACTS_DIR, journey.name.replace(/[^\w.-]+/g, '_'));
    for (const snapshot of snapshots) {
      writeFileSync(`${base}.${snapshot.label}.html`, snapshot.html);
      if (snapshot.png) writeFileSync(`${base}.${snapshot.label}.png`, snapshot.png);
      saved.push(`${path.relative(process.cwd(), base)}.${snapshot.label}.{png,html}`);
    }
    await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 10_000 });
    writeFileSync(`${base}.html`, await page.content());
    saved.unshift(`${path.relative(process.cwd(), base)}.{png,html}`);
  } catch {
    // A closed or crashed page: keep what was saved.
  }
  return saved.length ? saved.join(', ') : null;
}

async function runJourney(journey) {
  const started = Date.now();
  const opened = await openJourney(browser, server.baseUrl, { dataDir: server.dataDir });
  let errors = [];
  try {
    const limit = Math.max(journey.timeoutMs ?? 0, JOURNEY_TIMEOUT_MS);
    await withTimeout(journey.run(opened.ctx), limit, `journey ${journey.name}`);
    errors = opened.finalProblems({ finished: true });
  } catch (error) {
    errors = [describeError(error), ...opened.finalProblems({ finished: false })];
  }
  let artifacts = null;
  if (errors.length) artifacts = await saveArtifacts(journey, opened.page, opened.snapshots());
  await opened.close().catch(() => {});
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const { axeChecks } = opened.stats();
  const summary = `${journey.name} (${axeChecks} axe check${axeChecks === 1 ? '' : 's'}, ${seconds} s)`;
  if (!errors.length) {
    console.log(`ok   ${summary}`);
    return true;
  }
  console.log(`FAIL ${summary}`);
  for (const error of errors) console.log(indent(error));
  if (artifacts) console.log(indent(`screenshot and HTML of the last page (and of each page axe faulted): ${artifacts}`));
  return false;
}

async function main() {
  const started = Date.now();
  const journeys = await loadJourneys(process.argv.slice(2));
  if (!journeys.length) throw new Error(`no journeys to run in ${JOURNEYS_DIR}`);

  await server.start();
  browser = await launchBrowser();
  console.log(
    `browser journeys: ${journeys.length}, server ${server.baseUrl}` +
      `${process.env.BROWSER_DATABASE_URL ? ' (BROWSER_DATABASE_URL' : ' (SQLite'}, demo data)` +
      `, Chromium ${browser.version()}, axe-core ${AXE_VERSION}`,
  );

  let passed = 0;
  let failed = 0;
  for (const journey of journeys) {
    if (server.exitStatus) {
      // Stopped from outside (a signal: actix exits 0 on SIGTERM) or crashed: the journeys left
      // cannot tell anything, so they are not run.
      console.log(`FAIL ${journey.name} (not run: the server had stopped, ${JSON.stringify(server.exitStatus)})`);
      failed += 1;
      continue;
    }
    if (await runJourney(journey)) passed += 1;
    else failed += 1;
  }

  const serverExit = server.exitStatus;
  await shutdown();
  if (serverExit) {
    console.log(`the server stopped during the run (${JSON.stringify(serverExit)})`);
    failed += 1;
  }
  if (failed && server.log.length) {
    console.log('server output (last lines, RUST_LOG=warn):');
    console.log(indent(server.logTail()));
  }
  console.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (error) => {
    console.error(`browser tests could not run: ${error?.message ?? error}`);
    if (server.log.length) console.error(`server output:\n${indent(server.logTail())}`);
    await shutdown();
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
