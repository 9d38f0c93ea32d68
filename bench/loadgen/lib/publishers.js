// Publishers, chosen by URL, all with one shape:
//   publish([{ opType, data }])  sends a batch now (never waits; a failure is kept in .error)
//   flush()                      resolves once the server accepted everything published so far
//   close()
//   ordered                      whether pushes reach the server in publish order (one connection)
//
//   stomp://HOST:PORT             the gateway's bus: SEND to longconn.push (docs/BUS.md §6)
//   stomp://HOST:PORT/ADDRESS?h=v  SEND to another address, with extra headers (the broker baseline:
//                                  bench.baseline?destination-type=MULTICAST)
//   ws://HOST:PORT/bare/publish/M  the baseline's publisher socket, "<opType>\n<data>" per push
//   http://HOST:PORT/PATH          POST {"opType","data"} (docs/BUS.md §8), up to 8 keep-alive requests at once;
//                                  with httpBatch K > 1, a JSON array of up to K pushes per request
import http from 'node:http';
import WebSocket from 'ws';
import { StompClient } from './stomp.js';

export async function createPublisher(spec, { pushAddress = 'longconn.push', httpClients = 8, httpBatch = 1, publishSecret } = {}) {
  const url = new URL(spec);
  if (url.protocol === 'stomp:') {
    const client = await StompClient.connect(url.hostname, Number(url.port));
    return new StompPublisher(client, decodeURIComponent(url.pathname.slice(1)) || pushAddress, Object.fromEntries(url.searchParams));
  }
  if (url.protocol === 'ws:') return WsPublisher.open(url.href);
  if (url.protocol === 'http:') return new HttpPublisher(url, { clients: httpClients, batch: httpBatch, secret: publishSecret });
  throw new Error(`unknown publisher ${spec} (stomp://, ws:// or http://)`);
}

class StompPublisher {
  constructor(client, address, headers = {}) {
    this.client = client;
    this.address = address;
    this.headers = headers;
    this.ordered = true;
    this.error = null;
    this.last = Promise.resolve();
  }

  publish(pushes) {
    const sent = this.client.send(pushes.map(({ opType, data }) => ({
      destination: this.address, headers: { opType, 'content-type': 'application/json', ...this.headers }, body: data })));
    sent.catch((error) => { this.error ??= error; });
    this.last = sent;
  }

  flush() {
    return this.last;
  }

  close() {
    this.client.close();
  }
}

class WsPublisher {
  static open(url) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 15_000 });
      ws.once('open', () => resolve(new WsPublisher(ws)));
      ws.once('error', reject);
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.ordered = true;
    this.error = null;
    ws.on('error', (error) => { this.error ??= error; });
    ws.on('close', (code) => { if (!this.closing) this.error ??= new Error(`publisher socket closed (${code})`); });
  }

  publish(pushes) {
    for (const { opType, data } of pushes) this.ws.send(`${opType}\n${data}`);
  }

  /** A ping is answered after the frames before it were read: the server has them all. */
  flush(timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      if (this.error) { reject(this.error); return; }
      const timer = setTimeout(() => reject(new Error('publisher: no pong')), timeoutMs);
      this.ws.once('pong', () => { clearTimeout(timer); resolve(); });
      this.ws.ping();
    });
  }

  close() {
    this.closing = true;
    this.ws.close();
  }
}

/**
 * Up to `clients` keep-alive requests at once, with `Authorization: Bearer <secret>` when a publish
 * secret is given. One push per request as {"opType","data"}, or with batch K > 1 a JSON array
 * of up to K of them (cut from each publish() call). 200 and 202 count as accepted; any other
 * status is counted in `statuses` and kept (the first) as the error, with the start of its body.
 */
class HttpPublisher {
  constructor(url, { clients = 8, batch = 1, secret } = {}) {
    this.url = url;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    this.clients = clients;
    this.batch = Math.max(1, batch);
    this.authorization = secret ? { authorization: `Bearer ${secret}` } : {};
    this.ordered = clients === 1; // concurrent requests may overtake each other
    this.queue = [];
    this.inFlight = 0;
    this.idle = [];
    this.error = null;
    this.accepted = 0; // requests
    this.acceptedPushes = 0;
    this.statuses = {};
  }

  publish(pushes) {
    const bodies = pushes.map(({ opType, data }) => `{"opType":"${opType}","data":${data}}`);
    if (this.batch === 1) for (const body of bodies) this.queue.push({ body, pushes: 1 });
    else {
      for (let i = 0; i < bodies.length; i += this.batch) {
        const part = bodies.slice(i, i + this.batch);
        this.queue.push({ body: `[${part.join(',')}]`, pushes: part.length });
      }
    }
    this.pump();
  }

  pump() {
    while (this.inFlight < this.clients && this.queue.length > 0) {
      const { body, pushes } = this.queue.shift();
      this.inFlight++;
      const request = http.request(this.url, {
        method: 'POST', agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...this.authorization },
      }, (response) => {
        const status = response.statusCode;
        this.statuses[status] = (this.statuses[status] ?? 0) + 1;
        let answer = '';
        if (status === 200 || status === 202) response.resume();
        else response.on('data', (chunk) => { if (answer.length < 300) answer += chunk; });
        response.on('end', () => {
          if (status === 200 || status === 202) { this.accepted++; this.acceptedPushes += pushes; }
          else this.error ??= new Error(`POST ${this.url.pathname}: HTTP ${status} ${answer.slice(0, 300)}`.trim());
          this.done();
        });
      });
      request.on('error', (error) => { this.error ??= error; this.done(); });
      request.end(body);
    }
  }

  done() {
    this.inFlight--;
    this.pump();
    if (this.inFlight === 0 && this.queue.length === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  flush() {
    if (this.inFlight === 0 && this.queue.length === 0) return this.error ? Promise.reject(this.error) : Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve)).then(() => { if (this.error) throw this.error; });
  }

  /**
   * Forgets the refusals so far, when they are 503s: a gateway answers 503 bus_unavailable until
   * its bridge is on the broker, which the probe before the measurement waits out. Any other
   * error stays.
   */
  forgiveUnavailable() {
    if (this.error && / HTTP 503 /.test(this.error.message)) {
      this.error = null;
      delete this.statuses[503];
    }
  }

  close() {
    this.agent.destroy();
  }
}
