// The server's outbox folder (`<data dir>/outbox`, one .eml file a message, named so they sort by
// time): with no SMTP server, this is where mail goes, and where journeys read emailed links.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { fail } from './assert.mjs';

/** A message's body as text: quoted-printable soft breaks joined and escapes decoded. */
function bodyText(raw) {
  const [headers, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(headers)) return body;
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function messagesTo(dir, address) {
  let names = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.eml')).sort().reverse();
  } catch {
    return [];
  }
  return names
    .map((n) => readFileSync(path.join(dir, n), 'utf8'))
    .filter((raw) => new RegExp(`^To:.*${address.replace(/[.+]/g, '\\$&')}`, 'im').test(raw))
    .map(bodyText);
}

/** Poll the outbox until mail to `address` holds a link to `pathPrefix`; the newest link's path. */
export async function mailedLink(dataDir, address, pathPrefix, timeoutMs) {
  const dir = path.join(dataDir, 'outbox');
  const deadline = Date.now() + timeoutMs;
  const pattern = new RegExp(`https?://[^\\s/]+(${pathPrefix.replace(/[/.]/g, '\\$&')}[^\\s<>"]+)`);
  for (;;) {
    for (const body of messagesTo(dir, address)) {
      const found = pattern.exec(body);
      if (found) return found[1];
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  fail(`no mail to ${address} with a link to ${pathPrefix} in ${dir} within ${timeoutMs / 1000} s`);
}
