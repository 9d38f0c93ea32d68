/**
 * Headless Chromium for the browser tests (the demo page, the admin dashboard), driven by
 * playwright-core. Without Chromium the tests are skipped, unless LONGCONN_REQUIRE_BROWSER=true
 * (as CI sets through JsClientIT) makes that an error.
 */
import { before, after } from 'node:test';
import { existsSync } from 'node:fs';
import { Gateway } from './gateway.js';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Why the browser tests cannot run on this machine, or null when they can. */
export const missingBrowser = existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}`;
if (missingBrowser && process.env.LONGCONN_REQUIRE_BROWSER === 'true') {
  throw new Error(`${missingBrowser}, and LONGCONN_REQUIRE_BROWSER is true (install the Debian package chromium)`);
}

/** The `skip` option of a browser test. */
export const skipWithoutBrowser = missingBrowser ? `${missingBrowser}: install the Debian package chromium` : false;

/**
 * A browser and a page whose script errors and console errors are collected in `errors`;
 * `args` are more Chromium switches (such as `--log-net-log=FILE`).
 */
export async function openPage({ args = [] } = {}) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // As root, without sandbox; no background traffic (this machine's network is closed).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...args],
  });
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { browser, page, errors };
}

/**
 * Registers the hooks of a browser test file: before its tests a gateway (named `name`) and a
 * page, after them both closed. Returns the holder its tests read them from:
 * `{ gateway, browser, page, errors }` (nothing is started without Chromium).
 */
export function withGatewayAndPage(name) {
  const run = { gateway: missingBrowser ? null : new Gateway(name), browser: null, page: null, errors: [] };
  before(async () => {
    if (missingBrowser) {
      return;
    }
    await run.gateway.start();
    Object.assign(run, await openPage());
  });
  after(async () => {
    if (run.browser) {
      await run.browser.close();
    }
    if (run.gateway) {
      await run.gateway.stop();
    }
  });
  return run;
}
