// Small readers of page content that several journeys share.

import { expectEqual } from './assert.mjs';

/** "2027-01-22" and "22 January 2027" for `days` from today (the app's dates are in UTC). */
export function dayFromNow(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return {
    iso: d.toISOString().slice(0, 10),
    shown: d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  };
}

/** The text of the one table row on the page containing `text`, whitespace collapsed. */
export async function rowWith(ctx, text) {
  const rows = ctx.page.getByRole('row').filter({ hasText: text });
  expectEqual(await rows.count(), 1, `table rows containing "${text}" on ${ctx.path()}`);
  return (await rows.innerText()).replace(/\s+/g, ' ').trim();
}
