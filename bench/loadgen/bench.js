#!/usr/bin/env node
// The load generator's entry point: node bench.js SCENARIO --name value ... [--quick]
// Runs scenarios/SCENARIO.js against servers that bench/run.sh started, writes its result to
// --out (JSON), prints a one-line summary, and exits 1 when the result is not ok (lost,
// duplicated or reordered deliveries, closed sessions, errors), 3 when it ran out of time.
import { writeFileSync } from 'node:fs';

const [scenarioName, ...rest] = process.argv.slice(2);
if (!scenarioName || !/^[a-z-]+$/.test(scenarioName)) {
  console.error('usage: node bench.js SCENARIO --ws-url URL|--subscribe stomp://HOST:PORT/ADDRESS --publish URL --server NAME --server-pid PID [--broker-pid PID] --n N --out FILE [--quick]');
  process.exit(2);
}
const scenario = await import(`./scenarios/${scenarioName}.js`);

// --some-name value -> someName (numbers converted); a flag without a value is true.
const options = { ...scenario.defaults };
for (let i = 0; i < rest.length; i++) {
  if (!rest[i].startsWith('--')) { console.error(`bench.js: unexpected argument ${rest[i]}`); process.exit(2); }
  const name = rest[i].slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  const value = rest[i + 1] === undefined || rest[i + 1].startsWith('--') ? true : rest[++i];
  options[name] = typeof value === 'string' && value !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
}

// Whatever happens, the generator ends: a hung server must not hang the run (or CI).
const deadlineSeconds = options.deadlineSeconds ?? (options.quick ? 150 : 900);
setTimeout(() => {
  console.error(`bench.js: ${scenarioName} did not finish within ${deadlineSeconds} s`);
  process.exit(3);
}, deadlineSeconds * 1000).unref();

const result = await scenario.run(options);
result.startedBy = { node: process.version, options };
if (options.out) writeFileSync(options.out, JSON.stringify(result, null, 2) + '\n');
// A scenario may say in a few words what it measured (summarize(result)); fanout's figures otherwise.
const figures = scenario.summarize?.(result) ?? `${result.sustained ? `${result.sustained.deliveriesPerSecond} deliveries/s sustained` : 'no step kept up'}; `
  + `fixed p50/p99 ${result.fixed?.latency.p50Ms}/${result.fixed?.latency.p99Ms} ms`;
console.log(`${result.server} n=${result.n}: ${result.ok ? 'ok' : 'NOT OK'}; ${figures}; `
  + `integrity ${JSON.stringify(result.integrity ?? null)}${result.error ? `; error: ${result.error}` : ''}`);
process.exit(result.ok ? 0 : 1);
