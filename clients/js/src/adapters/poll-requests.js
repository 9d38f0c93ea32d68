/**
 * The HTTP requests of one polling link (PROTOCOL §15): polls go to the `/poll` URL with a `sub`
 * parameter per opType (`opType@position` once it has one) and the `wait`; frames are posted to the
 * same URL with the link's client id, a binary one as application/octet-stream (§15.2). With the
 * client's `getToken`, every request carries the current token in its query, so a new token is a
 * new URL (§16): requests already under way keep the one they went with.
 */
import { withQueryParam } from '../tokens.js';

/** A request gets this long beyond the long-poll's wait before it counts as failed. */
const REQUEST_MARGIN_MS = 15000;
/** The content type that makes a posted body a binary frame (PROTOCOL §15.2). */
const BINARY_CONTENT_TYPE = 'application/octet-stream';

/** `ws(s)://host/path/ws?query` → `http(s)://host/path/poll?query`. */
export function pollUrlOf(socketUrl) {
  const match = /^ws(s?):\/\/([^?#]*?)\/ws(\?[^#]*)?$/.exec(socketUrl);
  if (match === null) {
    throw new Error(`cannot derive the poll URL from ${socketUrl}: pass pollUrl`);
  }
  return `http${match[1]}://${match[2]}/poll${match[3] || ''}`;
}

export class PollRequests {
  /**
   * @param {string} url the `/poll` URL
   * @param {object} header sent with every request
   * @param {Function} request the HTTP function (`pollingAdapter`'s `request` option)
   * @param {number} waitMs the long-poll's wait: any request may take that long, and a margin
   * @param {{token: string | null, param: string}} credentials the token to start with (null
   *   without `getToken`: then the URL is used as it is) and the query parameter that carries it
   */
  constructor(url, header, request, waitMs, credentials) {
    // Posted frames name this link, so that the gateway counts them against one rate limit of its
    // own, not that of every anonymous client behind the same address (PROTOCOL.md §15.2).
    this.clientId = Math.random().toString(36).slice(2, 12);
    this.header = header;
    this.request = request;
    this.timeoutMs = waitMs + REQUEST_MARGIN_MS;
    this.tokenParam = credentials.param;
    /** The token every request carries, or null. */
    this.token = credentials.token;
    this.useUrl(this.token === null ? url : withQueryParam(url, this.tokenParam, this.token));
  }

  /** From now on every request carries `token`. */
  useToken(token) {
    this.token = token;
    this.useUrl(withQueryParam(this.url, this.tokenParam, token));
  }

  /**
   * Polls `subs` (`[opType, position or null]` pairs), the server answering once it has pushes or
   * after `waitMs` (0: at once).
   * @returns {{promise: Promise<{status: number, text: string}>, abort: Function}}
   */
  poll(subs, waitMs) {
    const query = subs.map(([opType, position]) => `sub=${encodeURIComponent(position ? `${opType}@${position}` : opType)}`);
    const url = `${this.url}${this.url.includes('?') ? '&' : '?'}${query.join('&')}&wait=${waitMs}`;
    return this.request({ method: 'GET', url, header: this.header, timeoutMs: this.timeoutMs });
  }

  /**
   * Posts a frame: a string as text, an ArrayBuffer (a binary frame, §3.7) as
   * application/octet-stream.
   * @returns {Promise<{status: number, text: string}>}
   */
  post(body) {
    const header = typeof body === 'string' ? this.header : { ...this.header, 'Content-Type': BINARY_CONTENT_TYPE };
    return this.request({ method: 'POST', url: this.postUrl, body, header, timeoutMs: this.timeoutMs }).promise;
  }

  /** The poll URL (with the current token) and the URL frames are posted to. */
  useUrl(url) {
    this.url = url;
    this.postUrl = `${url}${url.includes('?') ? '&' : '?'}client=${this.clientId}`;
  }
}
