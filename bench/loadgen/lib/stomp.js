// A minimal STOMP 1.2 client (docs/BUS.md §6): CONNECT, SEND, SUBSCRIBE, MESSAGE, RECEIPT, ERROR.
// Sends are pipelined: a batch of SEND frames goes out in one write, and only the batch's last
// frame asks for a receipt, so the publisher never waits per push. The broker answers receipts
// in order, so a receipt also confirms every frame sent before it. A client holds at most one
// subscription (auto-ack), whose MESSAGE frames go to one callback.
import net from 'node:net';

export class StompClient {
  /**
   * heartBeatMs > 0 promises the broker a heart-beat (a bare newline) that often: Artemis closes a
   * STOMP connection that sent nothing for its TTL (a minute without heart-beats), and a
   * subscriber only listens.
   */
  static connect(host, port, timeoutMs = 15_000, heartBeatMs = 0) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const client = new StompClient(socket);
      const timer = setTimeout(() => fail(new Error(`STOMP CONNECT to ${host}:${port}: no CONNECTED within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error) => { clearTimeout(timer); socket.destroy(); reject(error); };
      client.onConnected = () => {
        clearTimeout(timer);
        if (heartBeatMs > 0) client.heartBeat = setInterval(() => socket.write('\n'), heartBeatMs).unref();
        resolve(client);
      };
      client.onError = fail;
      socket.on('error', (error) => client.fail(error));
      socket.on('close', () => client.fail(new Error('STOMP connection closed')));
      const heartBeat = heartBeatMs > 0 ? `heart-beat:${heartBeatMs},0\n` : '';
      socket.write(`CONNECT\naccept-version:1.2\nhost:${host}\n${heartBeat}\n\0`);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.pending = '';
    this.nextReceipt = 1;
    this.receipts = new Map(); // receipt id -> { resolve, reject }
    this.error = null;
    this.onMessage = null; // (headerLines, body) of each MESSAGE frame
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => this.read(chunk));
  }

  /** Sends SEND frames ({ destination, headers, body }) in one write; resolves when the broker took them all. */
  send(frames) {
    if (this.error) return Promise.reject(this.error);
    const id = String(this.nextReceipt++);
    const text = frames.map((frame, i) => {
      let head = `SEND\ndestination:${frame.destination}\n`;
      for (const [name, value] of Object.entries(frame.headers ?? {})) head += `${name}:${value}\n`;
      if (i === frames.length - 1) head += `receipt:${id}\n`;
      // No content-length: the broker then makes a text message (a JSON push), not bytes.
      return `${head}\n${frame.body}\0`;
    }).join('');
    return new Promise((resolve, reject) => {
      this.receipts.set(id, { resolve, reject });
      this.socket.write(text);
    });
  }

  /**
   * Subscribes (ack:auto) to a destination; onMessage(headerLines, body) gets each MESSAGE frame's
   * header block (read it with header()) and body. Resolves once the broker confirmed the
   * subscription with a receipt: from then on nothing sent to the destination passes it by.
   */
  subscribe(destination, headers, onMessage) {
    if (this.error) return Promise.reject(this.error);
    const id = String(this.nextReceipt++);
    let head = `SUBSCRIBE\nid:${id}\ndestination:${destination}\nack:auto\n`;
    for (const [name, value] of Object.entries(headers ?? {})) head += `${name}:${value}\n`;
    this.onMessage = onMessage;
    return new Promise((resolve, reject) => {
      this.receipts.set(id, { resolve, reject });
      this.socket.write(`${head}receipt:${id}\n\n\0`);
    });
  }

  close() {
    this.closing = true;
    clearInterval(this.heartBeat);
    this.socket.end(`DISCONNECT\n\n\0`);
    this.socket.destroySoon?.();
  }

  read(chunk) {
    const text = this.pending + chunk;
    let start = 0;
    let end;
    while ((end = text.indexOf('\0', start)) >= 0) {
      this.frame(text, start, end);
      start = end + 1;
    }
    this.pending = text.slice(start);
  }

  /** The frame text[start, end): MESSAGE frames are cut without splitting every header, as they come by the thousand. */
  frame(text, start, end) {
    while (text.charCodeAt(start) === 10 || text.charCodeAt(start) === 13) start++; // heart-beats are bare newlines
    const commandEnd = text.indexOf('\n', start);
    if (commandEnd < 0 || commandEnd > end) return;
    const command = text.slice(start, commandEnd);
    const headEnd = text.indexOf('\n\n', commandEnd);
    const headerLines = headEnd < 0 || headEnd > end ? text.slice(commandEnd + 1, end) : text.slice(commandEnd + 1, headEnd);
    const body = headEnd < 0 || headEnd > end ? '' : text.slice(headEnd + 2, end);
    if (command === 'MESSAGE') { this.onMessage?.(headerLines, body); return; }
    if (command === 'CONNECTED') this.onConnected?.();
    else if (command === 'RECEIPT') this.receipt(header(headerLines, 'receipt-id'));
    else if (command === 'ERROR') this.fail(new Error(`STOMP ERROR: ${header(headerLines, 'message') ?? ''} ${body}`.trim()));
  }

  receipt(id) {
    const waiter = this.receipts.get(id);
    this.receipts.delete(id);
    waiter?.resolve();
  }

  fail(error) {
    if (this.closing && !this.error) return;
    clearInterval(this.heartBeat);
    this.error ??= error;
    this.onError?.(error);
    for (const waiter of this.receipts.values()) waiter.reject(this.error);
    this.receipts.clear();
  }
}

/** The value of header `name` in a frame's header lines (the first occurrence wins, as STOMP 1.2 says), or undefined. */
export function header(headerLines, name) {
  const key = `${name}:`;
  let at = 0;
  if (!headerLines.startsWith(key)) {
    const newline = headerLines.indexOf(`\n${key}`);
    if (newline < 0) return undefined;
    at = newline + 1;
  }
  const valueStart = at + key.length;
  const lineEnd = headerLines.indexOf('\n', valueStart);
  return headerLines.slice(valueStart, lineEnd < 0 ? headerLines.length : lineEnd).replace(/\r$/, '');
}
