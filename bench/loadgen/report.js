#!/usr/bin/env node
// node report.js RESULTS_DIR: reads the results of one run (fanout-*.json, publish-*.json), takes
// the median of every figure over the passes, and writes summary.md and summary.json there (the
// markdown also goes to stdout): one row per server and N, then the gateway's ratios to the
// baselines measured in the same run.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const read = (scenario) => readdirSync(dir).filter((name) => name.startsWith(`${scenario}-`) && name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')));
const results = read('fanout');
const publishResults = read('publish');
const runName = dir.split('/').filter(Boolean).pop();

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
  wireBytes: (r) => r.wireBytesPerDelivery,
};
const order = ['gateway', 'gateway-nometrics', 'gateway-deflate', 'bare-async', 'bare-broadcast'];
/** The results grouped by what `key` gives, in the order first seen. */
function groupBy(list, key) {
  const groups = new Map();
  for (const r of list) {
    if (!groups.has(key(r))) groups.set(key(r), []);
    groups.get(key(r)).push(r);
  }
  return [...groups.values()];
}
const rows = groupBy(results, (r) => `${r.server}\u0000${r.n}`).map((runs) => {
  const row = { server: runs[0].server, n: runs[0].n, passes: runs.length };
  for (const [name, get] of Object.entries(metrics)) row[name] = median(runs.map(get));
  row.stoppedBy = runs.map(stoppedBy).join(', ');
  const sum = (field) => runs.reduce((total, r) => total + (r.integrity?.[field] ?? 0), 0);
  row.integrity = `${sum('lost')}/${sum('duplicated')}/${sum('reordered')}/${sum('closedSessions')}`;
  row.ok = runs.every((r) => r.ok);
  row.errors = runs.filter((r) => r.error).map((r) => r.error.split('\n')[0]);
  return row;
}).sort((a, b) => a.n - b.n || order.indexOf(a.server) - order.indexOf(b.server));

const options = results[0]?.startedBy?.options ?? {};
const payloadNote = `${options.payloadBytes ?? 128}-byte push data${options.payloadKind === 'json' ? ' shaped like an order (JSON)' : ''}`;
const show = (value, digits = 0) => (value === null || value === undefined ? '—'
  : Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const lines = results.length === 0 && publishResults.length > 0 ? [] : [
  `# Fan-out benchmark, ${runName}`,
  '',
  `Server on one core, load generator on the other; ${payloadNote}; medians over passes. Latency is publish → receive at the fixed rate;`,
  'CPU per delivery, generator CPU at the sustained step. Wire bytes: TCP bytes read per delivery (frame headers, compressed payloads with deflate).',
  'Integrity: lost/duplicated/reordered deliveries and sessions closed, over all passes.',
  '',
  '| server | N | passes | sustained deliveries/s | stopped by | p50 ms | p99 ms | max ms | server µs/delivery | broker µs/delivery | generator CPU % | heap KiB/session | RSS KiB/session | connect+subscribe /s | frame bytes | wire bytes/delivery | integrity |',
  '|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.server} | ${show(r.n)} | ${r.passes} | ${show(r.sustained)} | ${r.stoppedBy} | ${show(r.p50, 2)} | ${show(r.p99, 2)} | ${show(r.max, 1)} `
    + `| ${show(r.serverUs, 1)} | ${show(r.brokerUs, 1)} | ${show(r.generatorPct)} | ${show(r.heapKiB, 1)} | ${show(r.rssKiB, 1)} | ${show(r.connectPerSecond)} | ${show(r.frameBytes)} | ${show(r.wireBytes)} | ${r.integrity}${r.ok ? '' : ' NOT OK'} |`),
];

const ratioRows = [];
for (const n of [...new Set(rows.map((r) => r.n))]) {
  const find = (server) => rows.find((r) => r.server === server && r.n === n);
  const gateway = find('gateway');
  if (!gateway || (!find('bare-broadcast') && !find('bare-async'))) continue;
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
// The price of the metrics: the gateway against itself with longconn.metrics=false, same run.
const metricsRows = [];
for (const n of [...new Set(rows.map((r) => r.n))]) {
  const on = rows.find((r) => r.server === 'gateway' && r.n === n);
  const off = rows.find((r) => r.server === 'gateway-nometrics' && r.n === n);
  if (!on || !off) continue;
  const ratio = (name) => (on[name] && off[name] ? `${(on[name] / off[name]).toFixed(2)}×` : '—');
  metricsRows.push(`| ${show(n)} | ${ratio('serverUs')} | ${ratio('sustained')} | ${ratio('p99')} |`);
}
if (metricsRows.length) {
  lines.push('', '## Metrics on ÷ off (same run)', '', '| N | server µs/delivery | sustained deliveries/s | p99 ms |', '|---:|---:|---:|---:|', ...metricsRows);
}
// Compression: the gateway with permessage-deflate on against itself with it off, same run. The
// generator inflates every delivery of a deflate run, so it, not the server, usually ends that
// rise; server CPU per delivery is therefore also compared at the rates both runs kept up with
// (the median of each rate's passes, then the median of the ratios), where background work weighs
// the same on both.
const stepsAt = (server, n) => {
  const byRate = new Map();
  for (const r of results.filter((x) => x.server === server && x.n === n)) {
    for (const s of [r.fixed, ...(r.steps ?? [])]) {
      if (!s?.keptUp || !s.serverUsPerDelivery) continue;
      const rate = Math.round(s.targetDeliveriesPerSecond ?? s.deliveriesPerSecond);
      const key = [...byRate.keys()].find((k) => Math.abs(k - rate) / rate < 0.05) ?? rate;
      byRate.set(key, [...(byRate.get(key) ?? []), s.serverUsPerDelivery]);
    }
  }
  return byRate;
};
const deflateRows = [];
for (const n of [...new Set(rows.map((r) => r.n))]) {
  const on = rows.find((r) => r.server === 'gateway-deflate' && r.n === n);
  const off = rows.find((r) => r.server === 'gateway' && r.n === n);
  if (!on || !off) continue;
  const ratio = (name) => (on[name] && off[name] ? `${(on[name] / off[name]).toFixed(2)}×` : '—');
  const offSteps = stepsAt('gateway', n);
  const equalRate = [];
  for (const [rate, values] of stepsAt('gateway-deflate', n)) {
    const match = [...offSteps.keys()].find((k) => Math.abs(k - rate) / rate < 0.05);
    if (match !== undefined) equalRate.push(median(values) / median(offSteps.get(match)));
  }
  const atEqual = equalRate.length ? `${median(equalRate).toFixed(2)}× (${equalRate.length} rates)` : '—';
  deflateRows.push(`| ${show(n)} | ${atEqual} | ${ratio('serverUs')} | ${ratio('wireBytes')} | ${ratio('sustained')} | ${ratio('p99')} |`);
}
if (deflateRows.length) {
  lines.push('', '## Deflate on ÷ off (same run)', '',
    'Server µs/delivery at equal rates: the steps both runs kept up with. The sustained figures of a deflate run are usually the load generator\'s (it inflates every delivery).',
    '', '| N | server µs/delivery at equal rates | server µs/delivery at sustained | wire bytes/delivery | sustained deliveries/s | p99 ms |',
    '|---:|---:|---:|---:|---:|---:|', ...deflateRows);
}
const errors = rows.flatMap((r) => r.errors.map((e) => `- ${r.server} n=${r.n}: ${e}`));
if (errors.length) lines.push('', '## Errors', '', ...errors);

// The publish path (scenarios/publish.js): delivered pushes/s under the window, per server, and
// the gateway's ratios to the baseline of the same run (broker-stomp or bare-http).
const publishMetrics = {
  pushesPerSecond: (r) => r.measured?.pushesPerSecond,
  requestsPerSecond: (r) => r.measured?.requestsPerSecond,
  p50: (r) => r.measured?.latency.p50Ms,
  p99: (r) => r.measured?.latency.p99Ms,
  serverUs: (r) => r.measured?.serverUsPerPush,
  brokerUs: (r) => r.measured?.brokerUsPerPush,
  totalUs: (r) => (r.measured ? (r.measured.serverUsPerPush ?? 0) + (r.measured.brokerUsPerPush ?? 0) : null),
  serverCpuPct: (r) => (r.measured ? (r.measured.serverCpuPct ?? 0) + (r.measured.brokerCpuPct ?? 0) : null),
  generatorPct: (r) => r.measured?.generatorCpuPct,
  frameBytes: (r) => r.frameBytes,
  warmupSeconds: (r) => r.warmup?.seconds,
  jitPct: (r) => r.measured?.jitPct,
};
const publisherOf = (r) => (r.publish.startsWith('http:') ? `http${r.httpBatch > 1 ? ` ×${r.httpBatch}` : ''}` : 'stomp');
const publishOrder = ['gateway', 'broker-stomp', 'bare-http'];
const publishRows = groupBy(publishResults, (r) => `${r.server}\u0000${r.n}\u0000${publisherOf(r)}`).map((runs) => {
  const row = { scenario: 'publish', server: runs[0].server, n: runs[0].n, publisher: publisherOf(runs[0]), window: runs[0].window, passes: runs.length };
  for (const [name, get] of Object.entries(publishMetrics)) row[name] = median(runs.map(get));
  const sum = (field) => runs.reduce((total, r) => total + (r.integrity?.[field] ?? 0), 0);
  row.integrity = `${sum('lost')}/${sum('duplicated')}/${sum('reordered')}/${sum('closedSessions')}`;
  const statuses = runs.filter((r) => r.httpStatuses).map((r) => Object.entries(r.httpStatuses).map(([code, count]) => `${code}×${count}`).join(' '));
  row.httpStatuses = statuses.length ? statuses.join('; ') : null;
  row.settled = runs.every((r) => r.warmup?.settled !== false);
  row.ok = runs.every((r) => r.ok);
  row.errors = runs.map((r) => r.error ?? r.publisherError).filter(Boolean).map((e) => e.split('\n')[0]);
  return row;
}).sort((a, b) => a.n - b.n || publishOrder.indexOf(a.server) - publishOrder.indexOf(b.server));

if (publishRows.length) {
  if (lines.length) lines.push('');
  lines.push(
    `# Publish path, ${runName}`,
    '',
    `N opTypes with one subscriber each, pushes round-robin over them, at most ${publishRows[0].window} in flight (published, not yet delivered); medians over passes of the measured phase.`,
    'Latency is publish → receive; CPU per delivered push on the server core (broker-stomp: the broker is the server; gateway: GlassFish and its broker).',
    'Requests/s: HTTP requests accepted (200/202). Warm-up: seconds until the rate and the JIT settled (* if they had not by its limit); JIT %: the servers\' compiler threads while measured.',
    'Integrity: lost/duplicated/reordered deliveries and subscribers closed, over all passes.',
    '',
    '| server | N | publisher | passes | pushes/s | requests/s | p50 ms | p99 ms | server µs/push | broker µs/push | total µs/push | server core % | generator CPU % | warm-up s | JIT % | frame bytes | HTTP statuses | integrity |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...publishRows.map((r) => `| ${r.server} | ${show(r.n)} | ${r.publisher} | ${r.passes} | ${show(r.pushesPerSecond)} | ${show(r.requestsPerSecond)} `
      + `| ${show(r.p50, 2)} | ${show(r.p99, 2)} | ${show(r.serverUs, 1)} | ${show(r.brokerUs, 1)} | ${show(r.totalUs, 1)} | ${show(r.serverCpuPct)} `
      + `| ${show(r.generatorPct)} | ${show(r.warmupSeconds)}${r.settled ? '' : '*'} | ${show(r.jitPct)} | ${show(r.frameBytes)} | ${r.httpStatuses ?? '—'} `
      + `| ${r.integrity}${r.ok ? '' : ' NOT OK'} |`),
  );
  const publishRatios = [];
  for (const n of [...new Set(publishRows.map((r) => r.n))]) {
    for (const gateway of publishRows.filter((r) => r.server === 'gateway' && r.n === n)) {
      for (const base of publishRows.filter((r) => r.server !== 'gateway' && r.n === n)) {
        const ratio = (name) => (gateway[name] && base[name] ? `${(gateway[name] / base[name]).toFixed(2)}×` : '—');
        publishRatios.push(`| ${show(n)} | ${gateway.publisher} ÷ ${base.server} (${base.publisher}) | ${ratio('pushesPerSecond')} `
          + `| ${ratio('requestsPerSecond')} | ${ratio('p99')} | ${ratio('totalUs')} |`);
      }
    }
  }
  if (publishRatios.length) {
    lines.push('', '## Gateway ÷ baseline (same run)', '', '| N | gateway ÷ baseline | pushes/s | requests/s | p99 ms | total µs/push |',
      '|---:|---|---:|---:|---:|---:|', ...publishRatios);
  }
  const publishErrors = publishRows.flatMap((r) => r.errors.map((e) => `- ${r.server} n=${r.n} (${r.publisher}): ${e}`));
  if (publishErrors.length) lines.push('', '## Errors', '', ...publishErrors);
}

const markdown = lines.join('\n') + '\n';
writeFileSync(join(dir, 'summary.md'), markdown);
// The fan-out rows as before; a publish run's rows (marked scenario: 'publish') after them.
writeFileSync(join(dir, 'summary.json'), JSON.stringify([...rows, ...publishRows], null, 2) + '\n');
process.stdout.write(markdown);
