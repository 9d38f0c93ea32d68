/**
 * Keeps a session alive and notices a dead one (docs/PROTOCOL.md §7). Two clocks, because the
 * server and the client each judge liveness by what they receive:
 *  - the server closes a session that *sent* nothing for `idleTimeoutMs`, so a ping goes out
 *    when nothing else was sent for `intervalMs`;
 *  - the client knows the server is there when it *receives* something, so after a ping any
 *    inbound frame must arrive within `deadlineMs`, or the connection is declared dead (a
 *    half-open TCP connection raises no close event of its own).
 */
export class Heartbeat {
  /**
   * @param {{setTimeout: Function, clearTimeout: Function}} timers
   * @param {number} intervalMs from `welcome.heartbeatIntervalMs`
   * @param {number} deadlineMs how long to wait for any frame after a ping
   * @param {() => void} ping sends one heartbeat
   * @param {() => void} dead called once when the deadline passes
   */
  constructor(timers, intervalMs, deadlineMs, ping, dead) {
    this.timers = timers;
    this.intervalMs = intervalMs;
    this.deadlineMs = deadlineMs;
    this.ping = ping;
    this.dead = dead;
    this.pingTimer = null;
    this.deadlineTimer = null;
    this.stopped = false;
    this.sent();
  }

  /** Something went out: the server's idle clock restarted, so the next ping can wait. */
  sent() {
    if (this.stopped) {
      return;
    }
    this.timers.clearTimeout(this.pingTimer);
    this.pingTimer = this.timers.setTimeout(() => this.beat(), this.intervalMs);
  }

  /** Something came in: the server is alive. */
  received() {
    this.timers.clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
  }

  beat() {
    if (this.stopped) {
      return;
    }
    if (this.deadlineTimer === null) {
      this.deadlineTimer = this.timers.setTimeout(() => {
        if (!this.stopped) {
          this.stop();
          this.dead();
        }
      }, this.deadlineMs);
    }
    this.ping(); // calls sent(), which schedules the next beat
  }

  stop() {
    this.stopped = true;
    this.timers.clearTimeout(this.pingTimer);
    this.timers.clearTimeout(this.deadlineTimer);
  }
}
