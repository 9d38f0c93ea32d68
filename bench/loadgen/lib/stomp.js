// A minimal STOMP 1.2 client for publishing (docs/BUS.md §6): CONNECT, SEND, RECEIPT, ERROR.
// Sends are pipelined: a batch of SEND frames goes out in one write, and only the batch's last
// frame asks for a receipt, so the publisher never waits per push. The broker answers receipts
// in order, so a receipt also confirms every frame sent before it.
import net from 'node:net';

export class StompClient {
  static connect(host, port, timeoutMs = 15_000) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const client = new StompClient(socket);
      const timer = setTimeout(() => fail(new Error(`STOMP CONNECT to ${host}:${port}: no CONNECTED within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error) => { clearTimeout(timer); socket.destroy(); reject(error); };
      client.onConnected = () => { clearTimeout(timer); resolve(client); };
      client.onError = fail;
      socket.on('error', (error) => client.fail(error));
      socket.on('close', () => client.fail(new Error('STOMP connection closed')));
      socket.write(`CONNECT\naccept-version:1.2\nhost:${host}\n\n\0`);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.pending = '';
    this.nextReceipt = 1;
    this.receipts = new Map(); // receipt id -> { resolve, reject }
    this.error = null;
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

  close() {
    this.closing = true;
    this.socket.end(`DISCONNECT\n\n\0`);
    this.socket.destroySoon?.();
  }

  read(chunk) {
    this.pending += chunk;
    let end;
    while ((end = this.pending.indexOf('\0')) >= 0) {
      const frame = this.pending.slice(0, end).replace(/^[\r\n]+/, ''); // heart-beats are bare newlines
      this.pending = this.pending.slice(end + 1);
      const [head, ...rest] = frame.split('\n\n');
      const [command, ...headerLines] = head.split('\n');
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]));
      if (command === 'CONNECTED') this.onConnected?.();
      else if (command === 'RECEIPT') this.receipt(headers['receipt-id']);
      else if (command === 'ERROR') this.fail(new Error(`STOMP ERROR: ${headers.message ?? ''} ${rest.join('\n\n')}`.trim()));
    }
  }

  receipt(id) {
    const waiter = this.receipts.get(id);
    this.receipts.delete(id);
    waiter?.resolve();
  }

  fail(error) {
    if (this.closing && !this.error) return;
    this.error ??= error;
    this.onError?.(error);
    for (const waiter of this.receipts.values()) waiter.reject(this.error);
    this.receipts.clear();
  }
}
