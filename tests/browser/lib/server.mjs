// Starts the real `eportfolio serve` on a free loopback port and a fresh data folder (with `--demo`
// when asked: the demo centre and its accounts, lib/demo.mjs), waits for /readyz, and stops it
// again (SIGTERM, then SIGKILL after a grace period).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const LOG_LIMIT = 200; // lines of server output kept for a failure report

/** A port the kernel just handed out on 127.0.0.1 (free at that moment). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The environment the server runs with: ours, less anything that would point it elsewhere (its
 * settings, a database, an SMTP server: mail goes to the outbox in the data folder, and the
 * platform administrator reads it at /admin/mail).
 */
function serverEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('EPORTFOLIO_') || key === 'DATABASE_URL' || key === 'SMTP_URL') delete env[key];
  }
  env.RUST_LOG = 'warn';
  if (process.env.BROWSER_DATABASE_URL) env.DATABASE_URL = process.env.BROWSER_DATABASE_URL;
  return env;
}

export class Server {
  /** `demo`: start with `serve --demo` (the demo centre and one account per role). */
  constructor(bin, { demo = false } = {}) {
    this.bin = bin;
    this.demo = demo;
    this.child = null;
    this.exited = null; // resolves with { code, signal } when the process ends
    this.exitStatus = null;
    this.log = [];
    this.dataDir = null;
    this.baseUrl = null;
  }

  /** Start on a free port; retries a couple of times if the port was taken in between. */
  async start() {
    if (!existsSync(this.bin)) {
      throw new Error(
        `no server binary at ${this.bin}: run \`cargo build\` first, or set EPORTFOLIO_BIN`,
      );
    }
    let lastError;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      try {
        await this.#startOnce();
        return;
      } catch (error) {
        lastError = error;
        await this.stop();
        if (!/address|in use/i.test(this.logTail())) break;
      }
    }
    throw lastError;
  }

  async #startOnce() {
    const port = await freePort();
    this.dataDir = mkdtempSync(path.join(os.tmpdir(), 'eportfolio-browser-'));
    // Served and browsed by name (localhost), not by address: passkeys belong to a host name,
    // and no browser makes one for an IP address. Readiness is still asked of 127.0.0.1.
    this.baseUrl = `http://localhost:${port}`;
    this.probeUrl = `http://127.0.0.1:${port}`;
    this.log = [];
    this.exitStatus = null;
    const child = spawn(
      this.bin,
      [
        'serve',
        '--bind',
        `127.0.0.1:${port}`,
        '--public-url',
        this.baseUrl,
        '--data-dir',
        this.dataDir,
        ...(this.demo ? ['--demo'] : []),
      ],
      { env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
      child.on('error', (error) => {
        this.#record(`[failed to start: ${error.message}]`);
        this.exitStatus = { code: null, signal: null, error };
        resolve(this.exitStatus);
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) this.#record(line);
      });
      stream.on('end', () => pending && this.#record(pending));
    }
    await this.#waitReady();
  }

  #record(line) {
    this.log.push(line);
    if (this.log.length > LOG_LIMIT) this.log.shift();
  }

  async #waitReady() {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (this.exitStatus) {
        throw new Error(
          `the server stopped before it was ready (${describeExit(this.exitStatus)})`,
        );
      }
      try {
        const response = await fetch(`${this.probeUrl}/readyz`, {
          signal: AbortSignal.timeout(2_000),
        });
        if (response.status === 200) return;
        last = `GET /readyz answered ${response.status}`;
      } catch (error) {
        last = `GET /readyz failed: ${error.cause?.code ?? error.message}`;
      }
      await sleep(200);
    }
    throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s (${last})`);
  }

  /** Stop the server and remove its data folder. Safe to call more than once. */
  async stop() {
    const child = this.child;
    if (child && !this.exitStatus) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
    this.child = null;
    this.#removeDataDir();
  }

  /** For process exit: no waiting possible, so kill outright. */
  killNow() {
    if (this.child && !this.exitStatus) this.child.kill('SIGKILL');
    this.#removeDataDir();
  }

  #removeDataDir() {
    if (this.dataDir) {
      rmSync(this.dataDir, { recursive: true, force: true });
      this.dataDir = null;
    }
  }

  logTail(lines = 40) {
    return this.log.slice(-lines).join('\n');
  }
}

function describeExit({ code, signal, error }) {
  if (error) return error.message;
  return signal ? `signal ${signal}` : `exit status ${code}`;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
