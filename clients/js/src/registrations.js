import { matches } from './optype.js';

/**
 * The app's listeners per opType (or pattern) and the server-side subscription behind each:
 * one subscription per opType however many listeners it has, taken by the first listener and
 * dropped with the last.
 *
 * An entry may also be held for the server (`server`: the server subscribed the session to it,
 * PROTOCOL §17), with or without listeners: it stays while either the app's listeners or the
 * server hold it, and it is subscribed again after a reconnect like the app's own.
 *
 * And it may be held for presence watchers (`watched`, PROTOCOL §18): the members of an opType
 * can only be watched through a subscription to it, so the watchers keep it as a listener does,
 * and every `subscribe` that names it asks for its presence too.
 *
 * Each entry is `pending` until the server accepts it (`subscribed`); after a lost connection
 * every entry goes back to `pending` and is subscribed again.
 */
export class Registrations {
  constructor() {
    /**
     * `position`: the last position seen for this opType (from a push or the subscribe answer),
     * which a resubscribe after a reconnect resumes from. `server`: the server made this
     * subscription and has not taken it back. `watched`: the app watches its presence.
     * @type {Map<string, {callbacks: Function[], state: 'pending'|'subscribed', requestId: string|null, position: string|null, waiters: Array<(result: object) => void>, server: boolean, watched: boolean}>}
     */
    this.entries = new Map();
  }

  /**
   * Adds a listener; the returned entry tells whether the opType is new (needs a subscribe).
   * @returns {{entry: object, created: boolean}}
   */
  add(opType, callback) {
    let entry = this.entries.get(opType);
    const created = entry === undefined;
    if (created) {
      entry = newEntry('pending', false);
      this.entries.set(opType, entry);
    }
    entry.callbacks.push(callback);
    return { entry, created };
  }

  /**
   * Holds `opType` for the server, which has just subscribed the session to it: a new entry is
   * `subscribed` already, with no listeners; an existing one is marked.
   */
  holdForServer(opType) {
    let entry = this.entries.get(opType);
    if (entry === undefined) {
      entry = newEntry('subscribed', true);
      this.entries.set(opType, entry);
    }
    entry.server = true;
    return entry;
  }

  /**
   * The server took back its subscription to `opType`: the entry goes unless the app's listeners
   * or presence watchers still hold it. Returns the entry kept for them, or undefined.
   */
  releaseForServer(opType) {
    const entry = this.entries.get(opType);
    if (entry === undefined) {
      return undefined;
    }
    entry.server = false;
    if (entry.callbacks.length === 0 && !entry.watched) {
      this.entries.delete(opType);
      return undefined;
    }
    return entry;
  }

  /**
   * Holds `opType` for presence watchers: a new entry is `pending` (it needs a subscribe, which
   * will ask for its presence); an existing one is marked, and what it needs depends on its state.
   * @returns {{entry: object, created: boolean}}
   */
  holdForPresence(opType) {
    let entry = this.entries.get(opType);
    const created = entry === undefined;
    if (created) {
      entry = newEntry('pending', false);
      this.entries.set(opType, entry);
    }
    entry.watched = true;
    return { entry, created };
  }

  /**
   * The last presence watcher of `opType` is gone: the entry goes unless listeners or the server
   * hold it.
   * @returns {{entry: object | undefined, gone: boolean}} `gone`: its subscription should go too
   */
  releaseForPresence(opType) {
    const entry = this.entries.get(opType);
    if (entry === undefined) {
      return { entry, gone: false };
    }
    entry.watched = false;
    const gone = entry.callbacks.length === 0 && !entry.server;
    if (gone) {
      this.entries.delete(opType);
    }
    return { entry, gone };
  }

  /**
   * Removes one listener (or all of the opType's when `callback` is undefined).
   * @returns {{removed: number, last: boolean, entry: object | undefined}} `last` when the opType
   *   lost its final listener; its subscription should go unless the server holds it (`entry.server`)
   *   or presence watchers do (`entry.watched`), in which case the entry stays
   */
  remove(opType, callback) {
    const entry = this.entries.get(opType);
    if (entry === undefined) {
      return { removed: 0, last: false, entry };
    }
    const before = entry.callbacks.length;
    entry.callbacks = callback === undefined ? [] : entry.callbacks.filter((each) => each !== callback);
    const removed = before - entry.callbacks.length;
    const last = entry.callbacks.length === 0;
    if (last && !entry.server && !entry.watched) {
      this.entries.delete(opType);
    }
    return { removed, last, entry };
  }

  /** Forgets `opType` whoever held it: the server refused it. */
  drop(opType) {
    this.entries.delete(opType);
  }

  get(opType) {
    return this.entries.get(opType);
  }

  /**
   * Every opType held, for subscribing again after a reconnect: the server's first, so that they
   * go in the first `subscribe` (the server resumes from the client's positions only what that
   * one names, PROTOCOL §17), then the app's, in the order they were registered.
   */
  opTypes() {
    const server = [];
    const own = [];
    for (const [opType, entry] of this.entries) {
      (entry.server ? server : own).push(opType);
    }
    return [...server, ...own];
  }

  /** After a lost connection nothing is subscribed any more. */
  markAllPending() {
    for (const entry of this.entries.values()) {
      entry.state = 'pending';
      entry.requestId = null;
    }
  }

  /** The listeners of every entry whose opType or pattern matches the pushed `opType`. */
  listenersOf(opType) {
    return this.entriesMatching(opType).flatMap((entry) => entry.callbacks);
  }

  /** Every entry whose opType or pattern matches the pushed `opType`. */
  entriesMatching(opType) {
    const found = [];
    for (const [key, entry] of this.entries) {
      if (matches(key, opType)) {
        found.push(entry);
      }
    }
    return found;
  }
}

function newEntry(state, server) {
  return { callbacks: [], state, requestId: null, position: null, waiters: [], server, watched: false };
}

/**
 * Local listeners by exact name or regular expression over every push received (`listenMsg`);
 * they observe what the subscriptions bring and never subscribe by themselves.
 */
export class MessageListeners {
  constructor() {
    /** @type {Array<{matcher: string | RegExp, handler: Function}>} */
    this.list = [];
  }

  add(matcher, handler) {
    this.list.push({ matcher, handler });
  }

  /** Removes the listeners of `matcher` (a RegExp is compared by source and flags), or only `handler`. */
  remove(matcher, handler) {
    const before = this.list.length;
    this.list = this.list.filter((each) => !(sameMatcher(each.matcher, matcher)
      && (handler === undefined || each.handler === handler)));
    return before - this.list.length;
  }

  listenersOf(opType) {
    return this.list.filter(({ matcher }) => (typeof matcher === 'string' ? matcher === opType : test(matcher, opType)))
      .map(({ handler }) => handler);
  }
}

function sameMatcher(a, b) {
  if (a instanceof RegExp && b instanceof RegExp) {
    return a.source === b.source && a.flags === b.flags;
  }
  return a === b;
}

function test(regex, text) {
  regex.lastIndex = 0; // a /g or /y expression keeps state between calls
  return regex.test(text);
}
