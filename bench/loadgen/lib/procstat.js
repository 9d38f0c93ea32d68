// What the load generator reads about the servers under test: CPU time from /proc/<pid>/stat,
// RSS from /proc/<pid>/status, and the live heap after full GCs through the JDK's jcmd and jstat.
import { execFileSync, execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of the process (all its threads), in seconds; null without a pid. */
export function cpuSeconds(pid) {
  if (!pid) return null;
  return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'latin1'));
}

function statCpuSeconds(stat) {
  // Fields after the command name (which may hold spaces) start at field 3; utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * CPU seconds of a JVM's JIT compiler threads (named "C1 CompilerThre…", "C2 CompilerThre…");
 * null without a pid. While they are busy the JVM is still warming up.
 */
export function compilerCpuSeconds(pid) {
  if (!pid) return null;
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'latin1');
      if (/^\d+ \(C[12] CompilerThre/.test(stat)) total += statCpuSeconds(stat);
    } catch {
      // the thread ended meanwhile
    }
  }
  return total;
}

export function rssKiB(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return match ? Number(match[1]) : null;
}

/**
 * The heap in use after two full GCs (the second collects what the first's finalization freed),
 * in KiB: survivor + eden + old generation usage from `jstat -gc`, which every collector reports.
 */
export async function liveHeapKiB(pid) {
  for (let i = 0; i < 2; i++) await run('jcmd', [String(pid), 'GC.run'], { timeout: 60_000 });
  const { stdout } = await run('jstat', ['-gc', String(pid)], { timeout: 30_000 });
  const [header, values] = stdout.trim().split('\n').map((line) => line.trim().split(/\s+/));
  const column = (name) => Number(values[header.indexOf(name)]);
  return column('S0U') + column('S1U') + column('EU') + column('OU');
}

/** CPU meters over an interval: the servers' CPU and the generator's own. */
export class CpuMeter {
  constructor(pids) {
    this.pids = pids; // { server, broker? }
    this.wallStart = performance.now();
    this.self = process.cpuUsage();
    this.start = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  }

  /** CPU seconds each process used since the meter started, and the generator's CPU percent. */
  read() {
    const wallSeconds = (performance.now() - this.wallStart) / 1000;
    const self = process.cpuUsage(this.self);
    const used = Object.fromEntries(Object.entries(this.pids).map(([name, pid]) => [
      name, pid ? cpuSeconds(pid) - this.start[name] : null]));
    return { wallSeconds, cpuSeconds: used, generatorCpuPct: ((self.user + self.system) / 1e6 / wallSeconds) * 100 };
  }
}
