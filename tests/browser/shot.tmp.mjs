import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:38777';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const width of [1280, 390]) {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width, height: 900 }, locale: 'en-GB' });
  const page = await ctx.newPage();
  await page.goto('/sign-in');
  await page.fill('#email', 'learner1@demo.example');
  await page.fill('#password', 'demo password for every role');
  await Promise.all([page.waitForNavigation(), page.press('#password', 'Enter')]);
  await page.locator('main a', { hasText: 'cg-3085-01' }).first().click();
  await page.waitForLoadState('load');
  await page.locator('main a.button', { hasText: 'Add evidence' }).click();
  await page.waitForLoadState('load');
  await page.locator('details.outcome > summary').nth(1).click();
  await page.locator('details.outcome label.all').nth(1).click();
  await page.setInputFiles('#files', [{ name: 'care-plan.txt', mimeType: 'text/plain', buffer: Buffer.from('x') }, { name: 'slides.pptx', mimeType: 'application/octet-stream', buffer: Buffer.from('y') }]);
  await page.screenshot({ path: `/tmp/learner-shot/form-${width}.png`, fullPage: true });
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(width, 'scrollWidth', sw);
  await page.getByRole('button', { name: 'Sign and submit' }).click();
  await page.waitForLoadState('load');
  await page.screenshot({ path: `/tmp/learner-shot/errors-${width}.png`, fullPage: false });
  await ctx.close();
}
await browser.close();
