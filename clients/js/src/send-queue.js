/**
 * Frames (messages and calls, text or binary) sent while the socket is not open, in order, bounded. They go out
 * after `welcome` at most `perSecond` a second: the server drops frames beyond its rate limit
 * (`maxFramesPerSecond`, 100 by default) with `rate_limited`, so a burst would lose them.
 */
export class SendQueue {
  /**
   * @param {number} capacity most frames held; more are refused
   * @param {number} perSecond most frames flushed per second
   * @param {{setTimeout: Function, clearTimeout: Function}} timers
   */
  constructor(capacity, perSecond, timers) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.timers = timers;
    /** @type {Array<{frame: string | ArrayBuffer, written: () => void, dropped: (code: string, reason: string) => void}>} */
    this.items = [];
    this.timer = null;
  }

  get size() {
    return this.items.length;
  }

  /**
   * Holds a frame; false when full. Its `written` is called once it went out, its `dropped` if it
   * is discarded unsent. The `frame` is written as it is: a binary frame's ArrayBuffer is the
   * client's own copy, so nothing the app does to its bytes meanwhile changes it.
   * @param {{frame: string | ArrayBuffer, written: () => void, dropped: (code: string, reason: string) => void}} item
   */
  offer(item) {
    if (this.items.length >= this.capacity) {
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** Takes back an item still waiting (a call that timed out must not go out later). */
  remove(item) {
    const at = this.items.indexOf(item);
    if (at >= 0) {
      this.items.splice(at, 1);
    }
  }

  /** Starts handing items to `write`, one batch a second, until empty or `pause()`. */
  flush(write) {
    this.pause();
    const batch = () => {
      this.timer = null;
      for (let i = 0; i < this.perSecond && this.items.length > 0; i++) {
        write(this.items.shift());
      }
      if (this.items.length > 0) {
        this.timer = this.timers.setTimeout(batch, 1000);
      }
    };
    batch();
  }

  /** Stops flushing (the connection went away); the rest waits for the next one. */
  pause() {
    this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Discards everything, telling each sender why. */
  clear(reason) {
    this.pause();
    const items = this.items;
    this.items = [];
    for (const item of items) {
      item.dropped('not_connected', reason);
    }
  }
}
