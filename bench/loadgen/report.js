#!/usr/bin/env node
// node report.js RESULTS_DIR: reads the fan-out results (fanout-*.json) of one run, takes the
// median of every figure over the passes, and writes summary.md and summary.json there (the
// markdown also goes to stdout): one row per server and N, then the gateway's ratios to the two
// baselines measured in the same run.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const results = readdirSync(dir).filter((name) => /^fanout-.*\.json$/.test(name))
  .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')));

const median = (values) => {
  const present = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (present.length === 0) return null;
  const mid = present.length >> 1;
  return present.length % 2 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
};

// What ended the rise: the first step that did not keep up, and which core was saturated there.
function stoppedBy(r) {
  const failed = r.steps?.find((s) => !s.keptUp);
  if (!failed) return r.steps?.length ? 'max steps' : '—';
  if (failed.generatorCpuPct >= 90) return 'generator';
  const coreSeconds = ((failed.serverUsPerDelivery ?? 0) + (failed.brokerUsPerDelivery ?? 0)) * failed.delivered / 1e6;
  if (coreSeconds / failed.seconds >= 0.9) return 'server core';
  return failed.closedSessions ? 'sessions closed' : failed.integrityOk === false ? 'integrity' : 'latency';
}

const metrics = {
  sustained: (r) => r.sustained?.deliveriesPerSecond,
  p50: (r) => r.fixed?.latency.p50Ms,
  p99: (r) => r.fixed?.latency.p99Ms,
  max: (r) => r.fixed?.latency.maxMs,
  serverUs: (r) => r.sustained?.serverUsPerDelivery,
  brokerUs: (r) => r.sustained?.brokerUsPerDelivery,
  generatorPct: (r) => r.sustained?.generatorCpuPct,
  heapKiB: (r) => r.memory?.heapKiBPerSession,
  rssKiB: (r) => r.memory?.rssKiBPerSession,
  connectPerSecond: (r) => r.connect?.perSecond,
  frameBytes: (r) => r.frameBytes,
};
const order = ['gateway', 'bare-async', 'bare-broadcast'];
const groups = new Map();
for (const r of results) {
  const key = `${r.server}\u0000${r.n}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(r);
}
const rows = [...groups.values()].map((runs) => {
  const row = { server: runs[0].server, n: runs[0].n, passes: runs.length };
  for (const [name, get] of Object.entries(metrics)) row[name] = median(runs.map(get));
  row.stoppedBy = runs.map(stoppedBy).join(', ');
  const sum = (field) => runs.reduce((total, r) => total + (r.integrity?.[field] ?? 0), 0);
  row.integrity = `${sum('lost')}/${sum('duplicated')}/${sum('reordered')}/${sum('closedSessions')}`;
  row.ok = runs.every((r) => r.ok);
  row.errors = runs.filter((r) => r.error).map((r) => r.error.split('\n')[0]);
  return row;
}).sort((a, b) => a.n - b.n || order.indexOf(a.server) - order.indexOf(b.server));

const show = (value, digits = 0) => (value === null || value === undefined ? '—'
  : Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const lines = [
  `# Fan-out benchmark, ${dir.split('/').filter(Boolean).pop()}`,
  '',
  'Server on one core, load generator on the other; 128-byte push data; medians over passes. Latency is publish → receive at the fixed rate;',
  'CPU per delivery, generator CPU at the sustained step. Integrity: lost/duplicated/reordered deliveries and sessions closed, over all passes.',
  '',
  '| server | N | passes | sustained deliveries/s | stopped by | p50 ms | p99 ms | max ms | server µs/delivery | broker µs/delivery | generator CPU % | heap KiB/session | RSS KiB/session | connect+subscribe /s | frame bytes | integrity |',
  '|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.server} | ${show(r.n)} | ${r.passes} | ${show(r.sustained)} | ${r.stoppedBy} | ${show(r.p50, 2)} | ${show(r.p99, 2)} | ${show(r.max, 1)} `
    + `| ${show(r.serverUs, 1)} | ${show(r.brokerUs, 1)} | ${show(r.generatorPct)} | ${show(r.heapKiB, 1)} | ${show(r.rssKiB, 1)} | ${show(r.connectPerSecond)} | ${show(r.frameBytes)} | ${r.integrity}${r.ok ? '' : ' NOT OK'} |`),
];

const ratioRows = [];
for (const n of [...new Set(rows.map((r) => r.n))]) {
  const find = (server) => rows.find((r) => r.server === server && r.n === n);
  const gateway = find('gateway');
  if (!gateway) continue;
  const ratio = (name, base) => (base && gateway[name] && base[name] ? `${(gateway[name] / base[name]).toFixed(2)}×` : '—');
  for (const [name, label] of [['sustained', 'sustained deliveries/s'], ['p99', 'p99 ms at the fixed rate'],
    ['serverUs', 'server µs/delivery'], ['heapKiB', 'heap KiB/session'], ['rssKiB', 'RSS KiB/session'],
    ['connectPerSecond', 'connect+subscribe /s']]) {
    ratioRows.push(`| ${show(n)} | ${label} | ${ratio(name, find('bare-broadcast'))} | ${ratio(name, find('bare-async'))} |`);
  }
}
if (ratioRows.length) {
  lines.push('', '## Gateway ÷ baseline (same run)', '', '| N | figure | gateway ÷ bare-broadcast | gateway ÷ bare-async |', '|---:|---|---:|---:|', ...ratioRows);
}
const errors = rows.flatMap((r) => r.errors.map((e) => `- ${r.server} n=${r.n}: ${e}`));
if (errors.length) lines.push('', '## Errors', '', ...errors);

const markdown = lines.join('\n') + '\n';
writeFileSync(join(dir, 'summary.md'), markdown);
writeFileSync(join(dir, 'summary.json'), JSON.stringify(rows, null, 2) + '\n');
process.stdout.write(markdown);
