/**
 * Generation throughput on one core (not a test: speed is measured, never asserted). Streams a
 * run of N delivered events (default 2M) with 2 % redeliveries, 5 % shuffled conversations and
 * the default 15-minute late enrichment, and prints events per CPU second (steadier than wall
 * time on a shared machine, though it also counts V8's GC helper threads), events per wall
 * second, the heap, and the same for the NDJSON writer on a shorter run.
 * Run: node -r ./tools/stack/swc-register.cjs libs/simulator/bench/simulation.bench.ts [events]
 */
import { createSimulation, ndjsonChunks } from '../src';

const TARGET = Number(process.argv[2] ?? 2_000_000);
const options = { seed: 20260309, ratePerSecond: 20, durationMs: 365 * 86_400_000, duplicateShare: 0.02, outOfOrderShare: 0.05 };

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function measure(label: string, count: number, run: () => number): void {
  const cpu0 = cpuSeconds();
  const wall0 = process.hrtime.bigint();
  const done = run();
  const cpu = cpuSeconds() - cpu0;
  const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
  console.log(
    `${label}: ${done.toLocaleString('en')} of ${count.toLocaleString('en')} events, ${Math.round(done / cpu).toLocaleString('en')} events/CPU-s ` +
      `(${Math.round(done / wall).toLocaleString('en')}/wall-s), heap at end ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`,
  );
}

measure('generate', TARGET, () => {
  let n = 0;
  let heap = 0;
  for (const event of createSimulation(options).events()) {
    if (event.eventId.length === 0) throw new Error('unreachable: keeps the loop from being optimised away');
    if (++n >= TARGET) break;
    if ((n & 0xfffff) === 0) heap = Math.max(heap, process.memoryUsage().heapUsed);
  }
  console.log(`  peak heap sampled every 1M events: ${Math.round(heap / 2 ** 20)} MiB`);
  return n;
});

const NDJSON_TARGET = Math.min(TARGET, 300_000);
measure('generate + toCallEventJson (NDJSON)', NDJSON_TARGET, () => {
  let n = 0;
  let bytes = 0;
  const events = createSimulation(options).events();
  const limited = (function* () {
    for (const e of events) {
      if (n++ >= NDJSON_TARGET) return;
      yield e;
    }
  })();
  for (const chunk of ndjsonChunks(limited)) bytes += chunk.length;
  console.log(`  ${Math.round(bytes / 2 ** 20)} MiB of NDJSON`);
  return Math.min(n, NDJSON_TARGET);
});
