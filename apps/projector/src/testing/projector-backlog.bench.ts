// The projector alone on a backlog, on the real Kafka and registry of the local stack: not a
// test. Produces N simulated events (the bench's contact center) into a fresh 6-partition
// call-events topic once, then runs a fresh projector (new group, new conversations topic) over
// it per configuration, alternating, and prints per run: events/s (first committed batch ->
// every event committed), CPU per event of this process (kafkajs, decoding, folding, encoding, GC: the
// broker is another process), transactions committed and the CONCURRENT_TRANSACTIONS retries
// kafkajs logged. `concurrency` 1 is the former one-transaction-per-partition-batch behaviour.
// With a rate, the live mode instead: the same stream produced at `rate` events/s for `seconds`
// while the projector runs (same process), and the projector's lag sampled every 50 ms, in
// seconds of production (uncommitted events / rate): p50 and p99 after the first 3 s.
// Leaves its `bench.*` topics behind. Run (stack up):
//   node -r ./tools/stack/swc-register.cjs apps/projector/src/testing/projector-backlog.bench.ts [events] [rounds] [concurrency,...] [rate seconds]
import { randomUUID } from 'node:crypto';
import { encodeCallEvent, standaloneSchema } from '@callfold/contracts';
import { createConfluentRegistryClient, createConsoleLogger, createKafkaClient, frame, type KafkaClient, kafkaSettingsFromEnv, type OutboundRecord } from '@callfold/kafka';
import { createSimulation } from '@callfold/simulator';
import { createProjector } from '../projector';
import { projectorConfigFromEnv } from '../projector.config';

const events = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 2);
const concurrencies = (process.argv[4] ?? '1,32').split(',').map(Number);
const rate = Number(process.argv[5] ?? 0);
const liveSeconds = Number(process.argv[6] ?? 30);
const partitions = 6;
const name = (prefix: string): string => `bench.${prefix}.${randomUUID().slice(0, 8)}`;

const settings = kafkaSettingsFromEnv();
const counts = { concurrentTransactions: 0, warnings: 0 };
const logger = createConsoleLogger({
  namespace: 'bench',
  level: 'debug',
  write: (line, level) => {
    if (line.includes('another concurrent operation on the same transaction')) counts.concurrentTransactions += 1;
    else if (level === 'warn' || level === 'error') counts.warnings += 1;
  },
});
const client = createKafkaClient(settings, { logger });
const registryClient = createConfluentRegistryClient(settings.registry);
const callEvents = name('call-events');

/** The real client, counting the transactions its transactional producers commit. */
function counting(real: KafkaClient, committed: { count: number }): KafkaClient {
  return {
    ...real,
    transactionalProducer: (options) => {
      const producer = real.transactionalProducer(options);
      return {
        connect: () => producer.connect(),
        disconnect: () => producer.disconnect(),
        transaction: async () => {
          const txn = await producer.transaction();
          return {
            ...txn,
            commit: async () => {
              await txn.commit();
              committed.count += 1;
            },
          };
        },
      };
    },
  };
}

async function createInput(topic: string): Promise<{ schemaId: number; stream: Generator<OutboundRecord> }> {
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics([{ topic, partitions }]);
  await admin.disconnect();
  const schemaId = await registryClient.register(`${topic}-value`, standaloneSchema('CallEvent'));
  const simulation = createSimulation({ seed: 11, ratePerSecond: 50, durationMs: 365 * 86_400_000, duplicateShare: 0.02, outOfOrderShare: 0.05 });
  function* stream(): Generator<OutboundRecord> {
    for (const event of simulation.events()) yield { key: event.conversationId, value: frame(schemaId, encodeCallEvent(event)) };
  }
  return { schemaId, stream: stream() };
}

function take(stream: Generator<OutboundRecord>, n: number): OutboundRecord[] {
  const out: OutboundRecord[] = [];
  while (out.length < n) {
    const next = stream.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

async function produceBacklog(): Promise<void> {
  const { stream } = await createInput(callEvents);
  const producer = client.producer();
  await producer.connect();
  for (let left = events; left > 0; left -= 5_000) await producer.send(callEvents, take(stream, Math.min(5_000, left)));
  await producer.disconnect();
}

async function run(concurrency: number): Promise<Record<string, number>> {
  const base = projectorConfigFromEnv(process.env);
  const topics = { callEvents, conversations: name('conversations'), deadLetters: name('dead-letters') };
  const config = { ...base, topics, groupId: name('projector'), transactionalId: name('projector-tx'), defaultPartitions: partitions, logLevel: 'warn' as const };
  const committed = { count: 0 };
  const before = { ...counts };
  const projector = createProjector(config, { client: counting(client, committed), registryClient, logger }, { partitionsConsumedConcurrently: concurrency });
  await projector.start();
  // From the first committed batch on (start-up, joining and restoring are not the subject).
  while (projector.counters().messages === 0) await new Promise((r) => setTimeout(r, 5));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const first = projector.counters().messages;
  while (projector.counters().messages < events) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await projector.stop();
  const measured = events - first;
  return {
    concurrency,
    events_per_s: Math.round(measured / seconds),
    cpu_us_per_event: Math.round(((used.user + used.system) / measured) * 10) / 10,
    transactions: committed.count,
    concurrent_transactions_retries: counts.concurrentTransactions - before.concurrentTransactions,
    warnings: counts.warnings - before.warnings,
  };
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Live: a fresh input topic per run, produced at `rate` while a fresh projector folds it. */
async function live(concurrency: number): Promise<Record<string, number>> {
  const topic = name('call-events-live');
  const { stream } = await createInput(topic);
  const base = projectorConfigFromEnv(process.env);
  const topics = { callEvents: topic, conversations: name('conversations'), deadLetters: name('dead-letters') };
  const config = { ...base, topics, groupId: name('projector'), transactionalId: name('projector-tx'), defaultPartitions: partitions, logLevel: 'warn' as const };
  const committed = { count: 0 };
  const before = { ...counts };
  const projector = createProjector(config, { client: counting(client, committed), registryClient, logger }, { partitionsConsumedConcurrently: concurrency, maxWaitTimeMs: 100 });
  await projector.start();
  const producer = client.producer();
  await producer.connect();
  const total = rate * liveSeconds;
  const lags: number[] = [];
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let produced = 0;
  const sampler = setInterval(() => {
    if (performance.now() - t0 > 3_000) lags.push(Math.max(0, produced - projector.counters().messages) / rate);
  }, 50);
  while (produced < total) {
    // Every 10 ms, what the schedule says is due (a late send is counted against the pipeline).
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
    if (due > produced) {
      const records = take(stream, due - produced);
      await producer.send(topic, records);
      produced += records.length;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  while (projector.counters().messages < total) await new Promise((r) => setTimeout(r, 5));
  clearInterval(sampler);
  const used = process.cpuUsage(cpu);
  await producer.disconnect();
  await projector.stop();
  const sorted = [...lags].sort((a, b) => a - b);
  return {
    concurrency,
    rate,
    seconds: liveSeconds,
    lag_p50_s: Math.round(percentile(sorted, 50) * 1000) / 1000,
    lag_p99_s: Math.round(percentile(sorted, 99) * 1000) / 1000,
    cpu_us_per_event_with_producer: Math.round(((used.user + used.system) / total) * 10) / 10,
    transactions: committed.count,
    concurrent_transactions_retries: counts.concurrentTransactions - before.concurrentTransactions,
    warnings: counts.warnings - before.warnings,
  };
}

async function main(): Promise<void> {
  if (rate > 0) {
    for (let r = 0; r < rounds; r++) for (const concurrency of concurrencies) console.log(JSON.stringify(await live(concurrency)));
    return;
  }
  await produceBacklog();
  for (let r = 0; r < rounds; r++) for (const concurrency of concurrencies) console.log(JSON.stringify({ events, ...(await run(concurrency)) }));
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
