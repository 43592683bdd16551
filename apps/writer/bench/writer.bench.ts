/**
 * Insert throughput of the writer on the real Kafka + registry with the embedded ClickHouse:
 *
 *   node -r ./tools/stack/swc-register.cjs apps/writer/bench/writer.bench.ts [events] [mode]
 *
 * Clones the fixture conversations (new ids) up to `events` events (default 100 000) plus one final
 * projection per conversation, then:
 * - mode `backlog` (default): produces everything first, starts the writer, and times it from start
 *   until the group's commits reach the log end (a catch-up after downtime);
 * - mode `live`: starts the writer first and produces in small sends (100 events every 10 ms),
 *   once with fetch.min.bytes = 1 and once with the writer's default, to show the batch sizes a
 *   live stream gives with and without broker-side batching.
 * Prints one JSON line per run, with the wall time and the number of each kind of ClickHouse call. `produce-only` just fills fresh topics and prints their names.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drainPending } from 'chdb';
import { type ClickHouseBackend, createChdbBackend, thresholdsFromEnv } from '@callfold/clickhouse';
import { type CallEvent, type Conversation, encodeCallEvent, encodeConversation, standaloneSchema } from '@callfold/contracts';
import { createConfluentRegistryClient, frame, type OutboundRecord } from '@callfold/kafka';
import { createTopics, groupCaughtUp, intKafka, loadFixtures, uniqueName, waitFor } from '../src/testing/int-stack';
import { createWriter } from '../src/writer';
import { DEFAULT_BATCHING, type BatchingConfig } from '../src/writer.config';

const total = Number(process.argv[2] ?? 100_000);
const mode = process.argv[3] ?? 'backlog';
const PARTITIONS = 2;

function clones(count: number): { events: CallEvent[]; projections: Conversation[] } {
  const fixtures = loadFixtures().filter((f) => !f.projections[f.projections.length - 1]?.erased);
  const events: CallEvent[] = [];
  const projections: Conversation[] = [];
  for (let copy = 0; events.length < count; copy += 1) {
    for (const f of fixtures) {
      const conversationId = `${f.conversationId}-${copy}`;
      for (const e of f.events) events.push({ ...e, eventId: `${e.eventId}-${copy}`, conversationId } as CallEvent);
      const last = f.projections[f.projections.length - 1] as Conversation;
      projections.push({ ...last, conversationId });
    }
  }
  return { events: events.slice(0, count), projections };
}

/** The engine, never closed by a writer, timing each call by kind and table (ms of wall time). */
function timed(engine: ClickHouseBackend) {
  const spent: Record<string, number> = {};
  const calls: Record<string, number> = {};
  const add = (what: string, since: number) => {
    spent[what] = Math.round((spent[what] ?? 0) + performance.now() - since);
    calls[what] = (calls[what] ?? 0) + 1;
  };
  const backend: ClickHouseBackend = {
    ...engine,
    close: async () => undefined,
    async insert(table, rows, options) {
      const since = performance.now();
      try {
        return await engine.insert(table, rows, options);
      } finally {
        add(`insert ${table.split('.').pop()}`, since);
      }
    },
    async query<Row>(sql: string, options?: Parameters<ClickHouseBackend['query']>[1]): Promise<Row[]> {
      const since = performance.now();
      try {
        return await engine.query<Row>(sql, options);
      } finally {
        add('query', since);
      }
    },
  };
  return { backend, spent, calls };
}

async function main(): Promise<void> {
  const kafka = intKafka();
  const registry = createConfluentRegistryClient(kafka.settings.registry);
  const { events, projections } = clones(total);
  const producer = kafka.client.producer();
  await producer.connect();
  const send = async (topic: string, records: readonly OutboundRecord[], size: number, pauseMs = 0) => {
    for (let i = 0; i < records.length; i += size) {
      await producer.send(topic, records.slice(i, i + size));
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  /** Fresh topics with their schemas registered, and the framed records for them. */
  const prepare = async (label: string) => {
    const topics = { callEvents: uniqueName(`bench-${label}-events`), conversations: uniqueName(`bench-${label}-conversations`) };
    await createTopics(kafka.client, [topics.callEvents, topics.conversations], PARTITIONS);
    const eventSchema = await registry.register(`${topics.callEvents}-value`, standaloneSchema('CallEvent'));
    const conversationSchema = await registry.register(`${topics.conversations}-value`, standaloneSchema('Conversation'));
    const eventRecords: OutboundRecord[] = events.map((e) => ({ key: e.conversationId, value: frame(eventSchema, encodeCallEvent(e)) }));
    const projectionRecords: OutboundRecord[] = projections.map((c) => ({ key: c.conversationId, value: frame(conversationSchema, encodeConversation(c)) }));
    const produceAll = async (size: number, pauseMs = 0) => {
      await send(topics.callEvents, eventRecords, size, pauseMs);
      await send(topics.conversations, projectionRecords, size, pauseMs);
    };
    return { topics, produceAll, eventBytes: eventRecords.reduce((n, r) => n + (r.value?.length ?? 0), 0) };
  };

  if (mode === 'produce-only') {
    const { topics, produceAll } = await prepare('smoke');
    await produceAll(1_000);
    await producer.disconnect();
    console.log(JSON.stringify({ topics, events: events.length, projections: projections.length }));
    return;
  }

  const engine = createChdbBackend({ path: mkdtempSync(join(tmpdir(), 'cf-writer-bench-')) });
  const run = async (label: string, batching: BatchingConfig, live: boolean) => {
    const { topics, produceAll, eventBytes } = await prepare(label);
    if (!live) await produceAll(1_000);
    const groupId = uniqueName(`bench-${label}`);
    const database = `bench_${label.replace(/\W/g, '_')}`;
    const clickhouse = timed(engine);
    const writer = createWriter({
      config: { groupId, topics, database, migrateOnStart: true, migrationsDir: join(__dirname, '../../../deploy/clickhouse/migrations'), batching, retry: { initialMs: 200, maxMs: 5_000 }, thresholds: thresholdsFromEnv({}) },
      backend: clickhouse.backend,
      kafka: kafka.client,
      registry,
      logger: kafka.logger,
    });
    const started = Date.now();
    await writer.start();
    const migrated = Date.now();
    if (live) await produceAll(100, 10);
    await waitFor('the writer to catch up', () => groupCaughtUp(kafka.client, groupId, [topics.callEvents, topics.conversations]), 600_000, 100);
    const seconds = (Date.now() - migrated) / 1000;
    await writer.stop();
    const stats = writer.stats();
    const [stored] = await engine.query<{ n: string }>(`SELECT count() AS n FROM ${database}.call_events FINAL`);
    console.log(
      JSON.stringify({
        label,
        events: events.length,
        eventBytes,
        projections: projections.length,
        partitions: PARTITIONS,
        batching: { minBytes: batching.minBytes, maxWaitMs: batching.maxWaitMs, maxRows: batching.maxRows },
        migrateMs: migrated - started,
        seconds,
        eventsPerSecond: Math.round(stats.eventRows / seconds),
        batches: stats.batches,
        messagesPerBatch: Math.round((events.length + projections.length) / Math.max(1, stats.batches)),
        storedEvents: Number(stored?.n),
        clickhouseMs: clickhouse.spent,
        clickhouseCalls: clickhouse.calls,
      }),
    );
  };

  if (mode === 'live') {
    await run('live-min-bytes-1', { ...DEFAULT_BATCHING, minBytes: 1 }, true);
    await run('live-default', DEFAULT_BATCHING, true);
  } else {
    await run('backlog', DEFAULT_BATCHING, false);
  }
  await producer.disconnect();
  await engine.close();
  await drainPending();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
