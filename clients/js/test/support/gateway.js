/**
 * A real gateway for the end-to-end tests, started and killed by the tests themselves (the
 * reconnect tests kill it without warning and start it again on the same port).
 *
 * it-tests' JsClientIT sets the environment: LONGCONN_GATEWAY_COMMAND (a JSON array: the java
 * command line of the runnable GlassFish jar with the gateway and its test handlers),
 * LONGCONN_GATEWAY_PORT, LONGCONN_PUBLISH_SECRET, LONGCONN_ADMIN_SECRET and LONGCONN_ARTIFACTS
 * (where logs and screenshots go).
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const START_DEADLINE_MS = 120000;

export function environment() {
  const command = process.env.LONGCONN_GATEWAY_COMMAND;
  if (!command) {
    throw new Error('LONGCONN_GATEWAY_COMMAND is not set: these tests run from `mvn verify` (it-tests, JsClientIT), '
      + 'which starts them with a gateway command line');
  }
  const artifacts = process.env.LONGCONN_ARTIFACTS || 'target/e2e';
  mkdirSync(artifacts, { recursive: true });
  return {
    command: JSON.parse(command),
    port: Number(process.env.LONGCONN_GATEWAY_PORT),
    secret: process.env.LONGCONN_PUBLISH_SECRET,
    adminSecret: process.env.LONGCONN_ADMIN_SECRET,
    artifacts,
  };
}

let runs = 0;

export class Gateway {
  constructor(name) {
    this.name = name;
    this.env = environment();
    this.process = null;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.env.port}/longconn/ws`;
  }

  get pageUrl() {
    return `http://127.0.0.1:${this.env.port}/longconn/`;
  }

  /** Starts the server and waits (with a deadline) until it serves the demo page. */
  async start() {
    const log = join(this.env.artifacts, `gateway-${this.name}-${++runs}.log`);
    const fd = openSync(log, 'a');
    const [program, ...args] = this.env.command;
    const child = spawn(program, args, { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    // Never outlive the tests: if they crash, the server goes with them.
    process.once('exit', () => child.kill('SIGKILL'));
    this.process = { child, exited, log };
    const deadline = Date.now() + START_DEADLINE_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`the gateway exited with ${child.exitCode}; see ${log}`);
      }
      if (await answers(this.pageUrl)) {
        return;
      }
      await Promise.race([exited, delay(200)]);
    }
    throw new Error(`the gateway did not serve ${this.pageUrl} within ${START_DEADLINE_MS} ms; see ${log}`);
  }

  /** Kills the server without warning (SIGKILL): its clients see the connection drop (1006). */
  async kill() {
    await this.end('SIGKILL');
  }

  /** Stops the server as Ctrl-C would (SIGTERM): its clients get disconnect 4003. */
  async stop() {
    await this.end('SIGTERM');
  }

  async end(signal) {
    if (this.process === null) {
      return;
    }
    const { child, exited } = this.process;
    this.process = null;
    if (child.exitCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
      await exited;
      clearTimeout(timer);
    }
  }

  /** Publishes one push through the gateway's HTTP API (as an outside service would). */
  /** A call to the admin API with the admin secret; returns the parsed JSON answer. */
  async admin(path, init = {}) {
    const response = await fetch(`http://127.0.0.1:${this.env.port}/longconn/admin/${path}`, {
      ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${this.env.adminSecret}` },
    });
    if (!response.ok) {
      throw new Error(`admin/${path} answered ${response.status}: ${await response.text()}`);
    }
    return response.json();
  }

  async publish(opType, data) {
    const response = await fetch(`http://127.0.0.1:${this.env.port}/longconn/api/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.env.secret}` },
      body: JSON.stringify({ opType, data }),
    });
    if (response.status !== 202) {
      throw new Error(`publish answered ${response.status}: ${await response.text()}`);
    }
  }
}

async function answers(url) {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when `condition()` holds, polling every 20 ms; fails after `timeoutMs`. */
export async function until(condition, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) {
      return;
    }
    await delay(20);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A queue of values with an awaitable `next()`: for pushes and hook calls. */
export class Inbox {
  constructor() {
    this.items = [];
    this.waiters = [];
  }

  add = (value) => {
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.resolve(value);
    } else {
      this.items.push(value);
    }
  };

  next(what, timeoutMs = 20000) {
    if (this.items.length > 0) {
      return Promise.resolve(this.items.shift());
    }
    return new Promise((resolve, reject) => {
      const waiter = { resolve: (value) => { clearTimeout(timer); resolve(value); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
