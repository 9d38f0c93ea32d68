/**
 * Where the client's tokens come from (docs/PROTOCOL.md §16): the app's `getToken()`, asked once
 * for every connection attempt and once for every in-band refresh, and the query parameter that
 * carries the token in the connect URL (and so in every poll and POST of the polling transport,
 * whose URLs derive from it). A client without `getToken` has no `Tokens`: its URLs are used as
 * they are, and `refresh_required` goes unanswered.
 */
export class Tokens {
  /**
   * @param {() => string | Promise<string>} getToken the app's
   * @param {string} param the query parameter that carries the token
   */
  constructor(getToken, param) {
    this.getToken = getToken;
    this.param = param;
  }

  /** The client's tokens from its options, or null without `getToken`. */
  static of(options) {
    if (options.getToken === undefined || options.getToken === null) {
      return null;
    }
    if (typeof options.getToken !== 'function') {
      throw new TypeError('options.getToken must be a function returning a token (or a Promise of one)');
    }
    const param = options.tokenParam ?? 'token';
    if (typeof param !== 'string' || param === '') {
      throw new TypeError(`options.tokenParam must be a non-empty string, got ${JSON.stringify(options.tokenParam)}`);
    }
    return new Tokens(options.getToken, param);
  }

  /**
   * A new token. Always asynchronous; rejects when `getToken()` throws, rejects, or gives anything
   * but a non-empty string.
   * @returns {Promise<string>}
   */
  next() {
    let result;
    try {
      result = this.getToken();
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve(result).then((token) => {
      if (typeof token !== 'string' || token === '') {
        throw new Error(`getToken() gave ${token === '' ? 'an empty string' : typeof token}, not a token`);
      }
      return token;
    });
  }

  /** `url` carrying `token` in this client's query parameter. */
  urlWith(url, token) {
    return withQueryParam(url, this.param, token);
  }
}

/**
 * `url` with the query parameter `name` set to `value` (percent-encoded): the first parameter of
 * that name (compared decoded) takes the new value in its place, further ones go, the others stay
 * as they are; without one, it is appended. A fragment stays last.
 */
export function withQueryParam(url, name, value) {
  const hashAt = url.indexOf('#');
  const fragment = hashAt < 0 ? '' : url.slice(hashAt);
  const rest = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = rest.indexOf('?');
  const path = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const pairs = queryAt < 0 ? [] : rest.slice(queryAt + 1).split('&').filter((pair) => pair !== '');
  const entry = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  const kept = [];
  let placed = false;
  for (const pair of pairs) {
    if (decoded(pair.split('=')[0]) !== name) {
      kept.push(pair);
    } else if (!placed) {
      kept.push(entry);
      placed = true;
    }
  }
  if (!placed) {
    kept.push(entry);
  }
  return `${path}?${kept.join('&')}${fragment}`;
}

function decoded(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text; // not valid percent-encoding: compared as written
  }
}
