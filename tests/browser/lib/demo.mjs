// What `eportfolio serve --demo` seeds (src/demo/), which run.mjs always starts the server with.
// Journeys share this data within a run, so a journey that changes something uses a unique name
// or email (see unique()) and never relies on another journey's changes.

import { randomBytes } from 'node:crypto';

export const DEMO_PASSWORD = 'demo password for every role';

export const DEMO_CENTRE = { id: 'demo-centre', name: 'Demo Care Academy' };

/** The seeded accounts, by role; every one has DEMO_PASSWORD. */
export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@demo.example', name: 'Platform Administrator' },
  centreAdmin: { email: 'exams@demo.example', name: 'Eilidh MacLeod' },
  tutor: { email: 'tutor@demo.example', name: 'Tomasz Nowak' },
  assessor: { email: 'assessor@demo.example', name: "Mòrag O'Neill" },
  iqa: { email: 'iqa@demo.example', name: 'Zoë Adeyemi' },
  learner1: { email: 'learner1@demo.example', name: 'Aisha Khan' },
  learner2: { email: 'learner2@demo.example', name: 'Callum Fraser' },
  learner3: { email: 'learner3@demo.example', name: 'Siobhan Kelly' },
  // Seeded with work in every state (src/demo/): journeys that change things leave them alone.
  assessor2: { email: 'assessor2@demo.example', name: 'Rhys Morgan' },
  iqa2: { email: 'iqa2@demo.example', name: 'Priya Sharma' },
  eqa: { email: 'eqa@demo.example', name: 'Gareth Hughes' },
};

/** A short random suffix: `unique('eqa')` → "eqa-3f9c1a", for names and emails one journey owns. */
export function unique(prefix = '') {
  const suffix = randomBytes(3).toString('hex');
  return prefix ? `${prefix}-${suffix}` : suffix;
}
