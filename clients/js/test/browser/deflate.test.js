// permessage-deflate (RFC 7692) as headless Chromium sees it, against the gateway JsClientIT starts with
// `deflate=true` and `deflateMinBytes=64`:
//  - the demo page's socket negotiates it (the handshake answer, read over the DevTools protocol), gets a
//    4 KB push intact, and its calls, which Chromium compresses, are inflated and answered by the server;
//    Chromium's own net log shows the RSV1 bit and the compressed sizes of those frames;
//  - one push to three sessions that negotiated it (two pages and a Node socket) is compressed once:
//    `longconn_frames_deflated_total` grows by exactly 1.
// Leaves deflate-netlog.json (Chromium's net log of the first test) in LONGCONN_ARTIFACTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingBrowser, openPage, skipWithoutBrowser } from '../support/browser.js';
import { Gateway, until } from '../support/gateway.js';

/** What JsClientIT's settings must say for this file: deflateMinBytes=64. */
const MIN_BYTES = 64;

const gateway = missingBrowser ? null : new Gateway('deflate');
/** Browsers still open, closed after the tests whatever happened. */
const browsers = new Set();

before(async () => {
  if (gateway) {
    await gateway.start();
  }
});

after(async () => {
  for (const browser of browsers) {
    await browser.close();
  }
  if (gateway) {
    await gateway.stop();
  }
});

async function launch(options) {
  const opened = await openPage(options);
  browsers.add(opened.browser);
  return opened;
}

async function closeBrowser(browser) {
  browsers.delete(browser);
  await browser.close();
}

/** About `rows` × 90 bytes of JSON: compressible (repeated text) but not trivial, with some non-ASCII. */
function bigJson(marker, rows) {
  return {
    marker,
    rows: Array.from({ length: rows }, (_, i) => ({
      i, name: `row ${i} of ${marker}`, note: 'the same words in every row — déjà vu ✓', even: i % 2 === 0,
    })),
  };
}

const utf8Length = (text) => Buffer.byteLength(text, 'utf8');

function header(headers, name) {
  const found = Object.entries(headers || {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return found ? found[1] : undefined;
}

/**
 * The page's WebSockets over the DevTools protocol: handshakes (offer and answer), the messages sent
 * and received (as the page sees them: uncompressed), frame errors and closes.
 */
async function watchSockets(page) {
  const seen = { urls: new Map(), offers: [], handshakes: [], sent: [], received: [], frameErrors: [], closed: [] };
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.webSocketCreated', ({ requestId, url }) => seen.urls.set(requestId, url));
  cdp.on('Network.webSocketWillSendHandshakeRequest', ({ requestId, request }) =>
    seen.offers.push({ requestId, headers: request.headers }));
  cdp.on('Network.webSocketHandshakeResponseReceived', ({ requestId, response }) =>
    seen.handshakes.push({ requestId, url: seen.urls.get(requestId), status: response.status, headers: response.headers }));
  cdp.on('Network.webSocketFrameSent', ({ requestId, response }) =>
    seen.sent.push({ requestId, opcode: response.opcode, payload: response.payloadData }));
  cdp.on('Network.webSocketFrameReceived', ({ requestId, response }) =>
    seen.received.push({ requestId, opcode: response.opcode, payload: response.payloadData }));
  cdp.on('Network.webSocketFrameError', ({ requestId, errorMessage }) => seen.frameErrors.push({ requestId, errorMessage }));
  cdp.on('Network.webSocketClosed', ({ requestId }) => seen.closed.push(requestId));
  await cdp.send('Network.enable');
  return seen;
}

/** Waits for the page's one socket handshake and checks that it offered and got permessage-deflate. */
async function assertDeflateNegotiated(sockets, what) {
  await until(() => sockets.handshakes.length > 0, `the WebSocket handshake answer of ${what}`);
  const [{ requestId, url, status, headers }] = sockets.handshakes;
  assert.equal(url.split('?')[0], gateway.wsUrl, `${what}: the socket goes to the gateway`);
  assert.equal(status, 101, `${what}: the upgrade is accepted`);
  const offer = sockets.offers.find((each) => each.requestId === requestId);
  assert.match(String(header(offer?.headers, 'Sec-WebSocket-Extensions')), /permessage-deflate/,
    `${what}: Chromium offers permessage-deflate`);
  const answer = header(headers, 'Sec-WebSocket-Extensions');
  assert.ok(answer, `${what}: the answer has Sec-WebSocket-Extensions (headers: ${JSON.stringify(headers)})`);
  assert.match(answer, /^\s*permessage-deflate\s*(;|$)/, `${what}: the answer is permessage-deflate: ${answer}`);
  assert.match(answer, /;\s*server_no_context_takeover\s*(;|$)/, `${what}: server_no_context_takeover: ${answer}`);
  assert.match(answer, /;\s*client_no_context_takeover\s*(;|$)/, `${what}: client_no_context_takeover: ${answer}`);
  return requestId;
}

/**
 * The data messages of each socket in Chromium's net log (written out when the browser closes), from
 * its frame headers: `{compressed, opcode, length}` (RSV1 of the first frame; bytes on the wire).
 */
function netLogMessages(file) {
  const text = readFileSync(file, 'utf8');
  let log;
  try {
    log = JSON.parse(text);
  } catch {
    log = JSON.parse(`${text.replace(/[\s,]*$/, '')}]}`); // a log cut short lacks its end only
  }
  const { WEBSOCKET_SENT_FRAME_HEADER: sentType, WEBSOCKET_RECV_FRAME_HEADER: receivedType } = log.constants.logEventTypes;
  assert.ok(sentType !== undefined && receivedType !== undefined, 'this Chromium logs WebSocket frame headers');
  const sockets = new Map();
  for (const event of log.events) {
    const direction = event.type === sentType ? 'sent' : event.type === receivedType ? 'received' : null;
    if (direction === null || ![0, 1, 2].includes(event.params.opcode)) {
      continue; // not a frame header, or a control frame (close, ping, pong)
    }
    if (!sockets.has(event.source.id)) {
      sockets.set(event.source.id, { sent: [], received: [], open: { sent: null, received: null } });
    }
    const socket = sockets.get(event.source.id);
    const { opcode, reserved1, payload_length: length, final } = event.params;
    let message = socket.open[direction];
    if (message === null) {
      message = { compressed: reserved1, opcode, length: 0 };
      socket[direction].push(message);
    }
    message.length += length;
    socket.open[direction] = final ? null : message;
  }
  return [...sockets.values()];
}

const logLine = (page, text) => page.locator('#log div', { hasText: text });

test('the demo page negotiates permessage-deflate, gets a compressed 4 KB push intact, and its compressed calls are answered',
  { skip: skipWithoutBrowser }, async () => {
    const netLog = join(gateway.env.artifacts, 'deflate-netlog.json');
    const { browser, page, errors } = await launch({ args: [`--log-net-log=${netLog}`] });
    await page.goto(gateway.pageUrl);
    const sockets = await watchSockets(page); // before the page opens its socket (at "Connect")
    await page.click('#connect');
    await page.locator('#state', { hasText: 'open' }).waitFor();
    const socketId = await assertDeflateNegotiated(sockets, 'the demo page');

    // A push of about 4 KB, published over HTTP, reaches the page's listener intact.
    await page.fill('#listenOpType', 'deflate.big');
    await page.click('#listen');
    await logLine(page, 'listening to deflate.big').waitFor();
    const push = bigJson('deflate-push', 48);
    assert.ok(utf8Length(JSON.stringify(push)) >= 4000, 'a push of 4 KB or more');
    await gateway.publish('deflate.big', push);
    const pushLine = await logLine(page, 'listener deflate.big #1: ').textContent();
    assert.deepEqual(JSON.parse(pushLine.slice(pushLine.indexOf(' #1: ') + 5)), push, 'the push arrives intact');

    // A call of about 4 KB: Chromium compresses it; the server must inflate it to echo it.
    const request = bigJson('deflate-call', 48);
    await page.fill('#opType', 'test.echo');
    await page.fill('#data', JSON.stringify(request));
    await page.click('#call');
    const replyLine = await logLine(page, 'reply to test.echo: ').textContent();
    assert.deepEqual(JSON.parse(replyLine.slice(replyLine.indexOf('reply to test.echo: ') + 20)), request,
      'the server echoes the call intact');

    // All of it went over the one socket (no drop, no fallback to HTTP polling), with no frame errors.
    const received = sockets.received.filter((frame) => frame.requestId === socketId && frame.opcode !== 8);
    const sent = sockets.sent.filter((frame) => frame.requestId === socketId && frame.opcode !== 8);
    const pushAt = received.findIndex((frame) => frame.payload.includes('"deflate-push"'));
    const replyAt = received.findIndex((frame) => frame.payload.includes('"deflate-call"'));
    const callAt = sent.findIndex((frame) => frame.payload.includes('"deflate-call"'));
    assert.ok(pushAt >= 0 && replyAt >= 0 && callAt >= 0, 'the push, the call and its reply went over the WebSocket');
    assert.equal(JSON.parse(received[pushAt].payload).type, 'push');
    assert.equal(JSON.parse(received[replyAt].payload).type, 'reply');
    assert.equal(JSON.parse(sent[callAt].payload).type, 'call');
    assert.equal(sockets.handshakes.length, 1, 'one socket all along');
    assert.deepEqual(sockets.frameErrors, [], 'no WebSocket frame errors');

    // Closed on purpose, so that DevTools and the net log end on the same frames, then the browser
    // closes and its net log is complete.
    await page.evaluate(() => window.longconnDemo.client.disconnect());
    await until(() => sockets.closed.includes(socketId), 'the socket closed');
    assert.deepEqual(errors, [], 'no script or console errors on the page');
    await closeBrowser(browser);

    // On the wire, as Chromium's net log has the frame headers: the one socket's messages are those
    // DevTools showed, in order; the push and the reply came with RSV1 (compressed: fewer bytes than
    // their text), the call went with RSV1, and what is under deflateMinBytes came uncompressed.
    const wire = netLogMessages(netLog);
    assert.equal(wire.length, 1, `one socket in the net log (${wire.length})`);
    const [{ received: wireReceived, sent: wireSent }] = wire;
    assert.equal(wireReceived.length, received.length, 'the net log and DevTools saw the same messages received');
    assert.equal(wireSent.length, sent.length, 'the net log and DevTools saw the same messages sent');
    for (const [name, message, frame] of [['the push', wireReceived[pushAt], received[pushAt]],
      ['the reply', wireReceived[replyAt], received[replyAt]], ['the call', wireSent[callAt], sent[callAt]]]) {
      assert.equal(message.compressed, true, `${name} went compressed (RSV1)`);
      assert.ok(message.length < utf8Length(frame.payload),
        `${name} took ${message.length} bytes on the wire for ${utf8Length(frame.payload)} bytes of text`);
    }
    received.forEach((frame, i) => {
      if (utf8Length(frame.payload) < MIN_BYTES) {
        assert.equal(wireReceived[i].compressed, false, `under ${MIN_BYTES} bytes, not compressed: ${frame.payload}`);
      }
    });
  });

/** A page of the gateway's origin whose own client (the SDK the gateway serves) listens to `opType`. */
async function listeningPage(page, opType) {
  await page.goto(gateway.pageUrl); // the demo page: its origin and its sdk/; it connects nothing by itself
  const sockets = await watchSockets(page);
  await page.evaluate(async ({ url, opType: listened }) => {
    const { LongConnClient } = await import(new URL('sdk/index.js', location.href).href);
    const received = [];
    // WebSocket only: never a silent fallback to HTTP polling.
    const client = new LongConnClient({ url, transport: 'websocket' });
    window.deflateTest = { client, received };
    const opened = await client.connect();
    if (!opened.isSucc) {
      throw new Error(`connect failed: ${opened.errMsg}`);
    }
    const listening = await client.registerLongConnListen({ opType: listened, receiveMessageCallback: (data) => received.push(data) });
    if (!listening.isSucc) {
      throw new Error(`listening to ${listened} failed: ${listening.code} ${listening.errMsg}`);
    }
  }, { url: gateway.wsUrl, opType });
  return sockets;
}

/** A plain WebSocket session of Node (undici offers permessage-deflate) subscribed to `opType`. */
function nodeSession(opType) {
  return new Promise((resolve, reject) => {
    const frames = [];
    const texts = [];
    const socket = new WebSocket(gateway.wsUrl, 'longconn.v1');
    // The test gateway closes sessions silent for 3 s: this one pings every second.
    const heartbeat = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send('{"type":"ping"}'), 1000);
    socket.onclose = () => clearInterval(heartbeat);
    socket.onerror = () => reject(new Error('the Node session did not open'));
    socket.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      frames.push(frame);
      texts.push(event.data);
      if (frame.type === 'welcome') {
        socket.send(JSON.stringify({ type: 'subscribe', id: 'deflate-1', opTypes: [opType] }));
      } else if (frame.type === 'subscribed' && frame.id === 'deflate-1') {
        if (frame.results[0].ok) {
          resolve({ socket, frames, texts });
        } else {
          reject(new Error(`the Node session's subscribe failed: ${event.data}`));
        }
      }
    };
  });
}

/** The permessage-deflate counters of the gateway's Prometheus scrape. */
async function deflateCounters() {
  const response = await fetch(`http://127.0.0.1:${gateway.env.port}/longconn/metrics`, {
    headers: { Authorization: `Bearer ${gateway.env.adminSecret}` },
  });
  const text = await response.text();
  assert.equal(response.status, 200, `GET /longconn/metrics: ${text}`);
  const value = (name) => {
    const samples = text.split('\n')
      .map((line) => /^([A-Za-z_:][A-Za-z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line))
      .filter((match) => match && match[1] === name);
    assert.ok(samples.length > 0, `${name} is in the scrape:\n${text.split('\n').filter((line) => line.includes('deflate')).join('\n')}`);
    return samples.reduce((sum, match) => sum + Number(match[3]), 0);
  };
  return {
    frames: value('longconn_frames_deflated_total'),
    bytesIn: value('longconn_frames_deflated_in_bytes_total'),
    bytesOut: value('longconn_frames_deflated_out_bytes_total'),
  };
}

test('one push to three sessions that negotiated permessage-deflate (two pages, a Node socket) is compressed once',
  { skip: skipWithoutBrowser }, async () => {
    const opType = 'deflate.once';
    const { browser, page: first, errors } = await launch();
    const second = await browser.newPage();
    second.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    second.on('pageerror', (error) => errors.push(error.message));
    const pages = [first, second];
    const sockets = [await listeningPage(first, opType), await listeningPage(second, opType)];
    for (const [i, each] of sockets.entries()) {
      await assertDeflateNegotiated(each, `page ${i + 1}`);
    }
    const node = await nodeSession(opType);
    try {
      assert.match(node.socket.extensions, /permessage-deflate/, `the Node session negotiated it too: "${node.socket.extensions}"`);

      // Every session is welcomed and subscribed (those frames, compressed too, are counted by now);
      // from here until the push has arrived everywhere, nothing else of MIN_BYTES or more is sent
      // to anyone: the heartbeats' pongs are shorter.
      const before = await deflateCounters();
      const push = bigJson('deflate-once', 48);
      await gateway.publish(opType, push);
      for (const [i, page] of pages.entries()) {
        await page.waitForFunction(() => window.deflateTest.received.length > 0, null, { timeout: 20000 })
          .catch((error) => { throw new Error(`page ${i + 1} got no push: ${error.message}`); });
      }
      await until(() => node.frames.some((frame) => frame.type === 'push'), 'the push at the Node session');
      const after = await deflateCounters();

      for (const page of pages) {
        assert.deepEqual(await page.evaluate(() => window.deflateTest.received), [push], 'the page got the push, intact');
      }
      const pushText = node.texts[node.frames.findIndex((frame) => frame.type === 'push')];
      assert.deepEqual(JSON.parse(pushText).data, push, 'the Node session got the push, intact');
      assert.equal(after.frames - before.frames, 1,
        `compressed once for its three recipients (longconn_frames_deflated_total ${before.frames} -> ${after.frames})`);
      assert.equal(after.bytesIn - before.bytesIn, utf8Length(pushText), 'what was compressed is the push frame');
      assert.ok(after.bytesOut - before.bytesOut < after.bytesIn - before.bytesIn,
        `and it shrank: ${after.bytesIn - before.bytesIn} -> ${after.bytesOut - before.bytesOut} bytes`);
      for (const [i, each] of sockets.entries()) {
        assert.equal(each.handshakes.length, 1, `page ${i + 1}: one socket all along`);
        assert.deepEqual(each.frameErrors, [], `page ${i + 1}: no WebSocket frame errors`);
      }
      for (const page of pages) {
        await page.evaluate(() => window.deflateTest.client.disconnect());
      }
      assert.deepEqual(errors, [], 'no script or console errors on the pages');
    } finally {
      node.socket.close();
      await closeBrowser(browser);
    }
  });
