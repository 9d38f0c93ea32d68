// The admin dashboard (served by the gateway at /longconn/admin/, a static page on the admin API) in
// headless Chromium: it opens with the admin secret, shows the node and the same session count as the
// admin API, finds a user's session and disconnects it everywhere. Leaves dashboard.png in
// LONGCONN_ARTIFACTS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { skipWithoutBrowser, withGatewayAndPage } from '../support/browser.js';
import { until } from '../support/gateway.js';

const run = withGatewayAndPage('dashboard');

/** A plain WebSocket session as user `user`; resolves with it and its received frames once welcomed. */
function session(user) {
  return new Promise((resolve, reject) => {
    const frames = [];
    const socket = new WebSocket(`${run.gateway.wsUrl}?token=user:${user}`, 'longconn.v1');
    // The test gateway closes sessions silent for 3 s: this one pings every second.
    const heartbeat = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send('{"type":"ping"}'), 1000);
    socket.onclose = () => clearInterval(heartbeat);
    socket.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      frames.push(frame);
      if (frame.type === 'welcome') {
        resolve({ socket, frames });
      }
    };
    socket.onerror = () => reject(new Error('the session did not open'));
  });
}

test('the dashboard shows the node and its sessions as the admin API does, and disconnects a user everywhere',
  { skip: skipWithoutBrowser }, async () => {
    const { gateway, page, errors: consoleErrors } = run;
    const alice = await session('alice');
    await page.goto(`http://127.0.0.1:${gateway.env.port}/longconn/admin/`);
    await page.fill('#secret', gateway.env.adminSecret);
    await page.click('#open');
    await page.locator('#dash').waitFor();

    // The node announces its sessions every 5 s: the page and the API agree once it has.
    await until(async () => {
      const shown = await page.locator('#nodes tbody tr .sessions').allTextContents();
      const api = await gateway.admin('nodes');
      return shown.length === 1 && api.nodes.length === 1 && shown[0] === String(api.nodes[0].sessions) && shown[0] === '1';
    }, 'one session shown, as the admin API says', 30000);
    const api = await gateway.admin('nodes');
    assert.equal(await page.locator('#node').textContent(), api.node);
    assert.equal(await page.locator('#nodes tbody tr').getAttribute('data-node'), api.node);

    assert.equal(await page.locator('#login').isVisible(), false, 'the secret form goes once opened');

    // Traffic: alice subscribes, pushes flow; the page shows her subscription and a rate above 0.
    alice.socket.send('{"type":"subscribe","id":"1","opTypes":["dash.news"]}');
    await page.locator('#busiest li', { hasText: 'dash.news' }).waitFor();
    await until(async () => {
      await gateway.publish('dash.news', { n: 1 });
      return (await page.locator('#deliveryRate').textContent()) !== '0.0';
    }, 'deliveries per second above 0 on the page', 30000);

    await page.fill('#user', 'alice');
    await page.click('#lookup');
    await page.locator('#userResult', { hasText: '1 sessions' }).waitFor();
    await page.screenshot({ path: join(gateway.env.artifacts, 'dashboard.png'), fullPage: true });

    await page.click('#kick');
    await page.locator('#userResult', { hasText: 'disconnected 1 sessions' }).waitFor();
    await until(() => alice.frames.some((f) => f.type === 'disconnect' && f.code === 4500), 'alice told to go', 30000);
    assert.deepEqual(consoleErrors, [], 'no script errors on the page');
  });
