// Publishers, chosen by URL, all with one shape:
//   publish([{ opType, data }])  sends a batch now (never waits; a failure is kept in .error)
//   flush()                      resolves once the server accepted everything published so far
//   close()
//   ordered                      whether pushes reach the server in publish order (one connection)
//
//   stomp://HOST:PORT             the gateway's bus: SEND to longconn.push (docs/BUS.md §6)
//   ws://HOST:PORT/bare/publish/M  the baseline's publisher socket, "<opType>\n<data>" per push
//   http://HOST:PORT/PATH          POST {"opType","data"} (docs/BUS.md §8), up to 8 keep-alive requests at once
import http from 'node:http';
import WebSocket from 'ws';
import { StompClient } from './stomp.js';

export async function createPublisher(spec, { pushAddress = 'longconn.push', httpClients = 8 } = {}) {
  const url = new URL(spec);
  if (url.protocol === 'stomp:') return new StompPublisher(await StompClient.connect(url.hostname, Number(url.port)), pushAddress);
  if (url.protocol === 'ws:') return WsPublisher.open(url.href);
  if (url.protocol === 'http:') return new HttpPublisher(url, httpClients);
  throw new Error(`unknown publisher ${spec} (stomp://, ws:// or http://)`);
}

class StompPublisher {
  constructor(client, address) {
    this.client = client;
    this.address = address;
    this.ordered = true;
    this.error = null;
    this.last = Promise.resolve();
  }

  publish(pushes) {
    const sent = this.client.send(pushes.map(({ opType, data }) => ({
      destination: this.address, headers: { opType, 'content-type': 'application/json' }, body: data })));
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

class HttpPublisher {
  constructor(url, clients) {
    this.url = url;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    this.clients = clients;
    this.ordered = clients === 1; // concurrent requests may overtake each other
    this.queue = [];
    this.inFlight = 0;
    this.idle = [];
    this.error = null;
    this.accepted = 0;
  }

  publish(pushes) {
    for (const { opType, data } of pushes) this.queue.push(`{"opType":"${opType}","data":${data}}`);
    this.pump();
  }

  pump() {
    while (this.inFlight < this.clients && this.queue.length > 0) {
      const body = this.queue.shift();
      this.inFlight++;
      const request = http.request(this.url, {
        method: 'POST', agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode === 202) this.accepted++;
          else this.error ??= new Error(`POST ${this.url.pathname}: HTTP ${response.statusCode}`);
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

  close() {
    this.agent.destroy();
  }
}
