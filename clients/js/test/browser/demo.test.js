// The demo page (served by the gateway at /longconn/, built on this client) in headless Chromium,
// driven by playwright-core: connect, listen, receive a push published from outside, a call, and a
// dropped connection (the server killed and started again); the presence of the opTypes it listens
// to. Leaves demo-*.png in LONGCONN_ARTIFACTS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LongConnClient } from '../../src/index.js';
import { skipWithoutBrowser, withGatewayAndPage } from '../support/browser.js';

const run = withGatewayAndPage('browser');

const logLine = (text) => run.page.locator('#log div', { hasText: text });

test('the demo page connects, listens, receives pushes, calls, and survives a dropped connection',
  { skip: skipWithoutBrowser }, async () => {
    const { gateway, page, errors: consoleErrors } = run;
    await page.goto(gateway.pageUrl);
    await page.click('#connect');
    await page.locator('#state', { hasText: 'open' }).waitFor();

    await page.fill('#listenOpType', 'demo.news');
    await page.click('#listen');
    await logLine('listening to demo.news').waitFor();
    // Its presence is watched too; the page connected anonymously, which makes no member.
    await page.locator('#presence li[data-op-type="demo.news"]', { hasText: '0 users, 0 sessions' }).waitFor();
    await page.click('#listen'); // a second listener of the same opType: one subscription, two deliveries
    await page.locator('#listeners li').nth(1).waitFor();

    await gateway.publish('demo.news', { headline: 'from outside' });
    await logLine('listener demo.news #1: {"headline":"from outside"}').waitFor();
    await logLine('listener demo.news #2: {"headline":"from outside"}').waitFor();

    await page.fill('#opType', 'test.echo');
    await page.fill('#data', '{"echo":42}');
    await page.click('#call');
    await logLine('reply to test.echo: {"echo":42}').waitFor();
    await page.screenshot({ path: join(gateway.env.artifacts, 'demo-connected.png'), fullPage: true });

    await gateway.kill();
    await logLine('disconnected: 1006').waitFor();
    await gateway.start();
    await logLine('reconnected; every opType subscribed again').waitFor({ timeout: 60000 });
    await page.locator('#state', { hasText: 'open' }).waitFor();
    await gateway.publish('demo.news', { headline: 'after the drop' });
    await logLine('listener demo.news #2: {"headline":"after the drop"}').waitFor();

    await page.locator('#listeners li button').first().click(); // remove listener #1 only
    await logLine('removed a listener of demo.news').waitFor();
    await gateway.publish('demo.news', { headline: 'one listener left' });
    await logLine('listener demo.news #2: {"headline":"one listener left"}').waitFor();
    assert.equal(await logLine('listener demo.news #1: {"headline":"one listener left"}').count(), 0);

    await page.screenshot({ path: join(gateway.env.artifacts, 'demo-after-reconnect.png'), fullPage: true });
    // While the gateway restarts, failed socket attempts and the polling fallback's requests
    // (404 before the application is deployed) are expected network errors, not script errors.
    const unexpected = consoleErrors.filter((text) => !/WebSocket|ERR_CONNECTION_REFUSED|net::|status of 404/.test(text));
    assert.deepEqual(unexpected, [], 'no script errors on the page');
  });

test('the demo page shows the members of an opType it listens to: its own user, then another joining and leaving',
  { skip: skipWithoutBrowser }, async () => {
    const { gateway, page, errors: consoleErrors } = run;
    const errorsBefore = consoleErrors.length;
    await page.goto(gateway.pageUrl);
    // The it-tests app authenticates the query token user:<name> as that user (anonymous sessions are never members).
    await page.fill('#url', `${gateway.wsUrl}?token=user:dana`);
    await page.click('#connect');
    await logLine('user dana').waitFor();
    await page.locator('#state', { hasText: 'open' }).waitFor();
    await page.fill('#listenOpType', 'demo.presence');
    await page.click('#listen');
    const panel = page.locator('#presence li[data-op-type="demo.presence"]');
    await panel.locator('.member', { hasText: 'dana (1)' }).waitFor();
    assert.match(await panel.textContent(), /1 user, 1 session/);

    const bob = new LongConnClient({ url: `${gateway.wsUrl}?token=user:bob` });
    try {
      assert.deepEqual(await bob.connect(), { isSucc: true });
      assert.equal((await bob.registerLongConnListen({ opType: 'demo.presence', receiveMessageCallback: () => {} })).isSucc, true);
      await logLine('presence of demo.presence: bob joined').waitFor();
      await panel.locator('.member', { hasText: 'bob (1)' }).waitFor();
      assert.match(await panel.textContent(), /2 users, 2 sessions/);
      await page.screenshot({ path: join(gateway.env.artifacts, 'demo-presence.png'), fullPage: true });
    } finally {
      await bob.disconnect();
    }
    await logLine('presence of demo.presence: bob left').waitFor();
    await panel.locator('.member', { hasText: 'bob' }).waitFor({ state: 'detached' });
    assert.deepEqual(await panel.locator('.member').allTextContents(), ['dana (1)']);

    // A pattern has no presence: listened to, but not in the panel.
    await page.fill('#listenOpType', 'demo.#');
    await page.click('#listen');
    await logLine('listening to demo.#').waitFor();
    assert.equal(await page.locator('#presence li').count(), 1);
    const unexpected = consoleErrors.slice(errorsBefore).filter((text) => !/WebSocket|net::/.test(text));
    assert.deepEqual(unexpected, [], 'no script errors on the page');
  });
