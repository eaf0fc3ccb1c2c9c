// Counting a task's steps as a person takes them (issue 16): page submissions (form posts that
// load a page), clicks and key presses. A journey starts a count before the task, does the task
// as a person would, then checks it against the budget: the count is printed either way, and a
// count over budget fails the journey.

import { expect } from './assert.mjs';

export class Steps {
  /** Starts counting on `page` for the task `task` ("the IQA agrees a unit's sample"). */
  constructor(page, task) {
    this.task = task;
    this.submissions = 0;
    this.clicks = 0;
    this.keys = 0;
    this.listener = (request) => {
      if (request.method() === 'POST' && request.isNavigationRequest()) this.submissions += 1;
    };
    page.on('request', this.listener);
    this.page = page;
  }

  /** Counts a click the journey makes (call it beside each `click()`). */
  click(n = 1) {
    this.clicks += n;
  }

  /** Counts key presses the journey makes (typing a text counts one per character). */
  key(n = 1) {
    this.keys += n;
  }

  /**
   * Stops counting, prints the counts and fails over budget:
   * `{ submissions, clicks, keys }`, each optional.
   */
  within(budget) {
    this.page.off('request', this.listener);
    const line = `steps: ${this.task}: ${this.submissions} page submissions, ${this.clicks} clicks, ${this.keys} key presses`;
    const limits = Object.entries(budget).map(([k, v]) => `${k} ≤ ${v}`).join(', ');
    console.log(`    ${line} (budget: ${limits})`);
    for (const [kind, limit] of Object.entries(budget)) {
      expect(this[kind] <= limit, `${this.task}: ${this[kind]} ${kind}, over the budget of ${limit}`);
    }
  }
}
