// Failures a journey reports. Any thrown error fails the journey; JourneyFailure marks the ones
// that are the app's fault (no stack trace printed, just the message).

export class JourneyFailure extends Error {
  constructor(message) {
    super(message);
    this.name = 'JourneyFailure';
  }
}

export function fail(message) {
  throw new JourneyFailure(message);
}

export function expect(condition, message) {
  if (!condition) fail(message);
}

export function expectEqual(actual, expected, what) {
  if (actual !== expected) {
    fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
