import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drainPending } from 'chdb';
import { applyMigrations, type ClickHouseBackend, createAnalyticsSink, createChdbBackend, loadMigrations, thresholdsFromEnv } from '@callfold/clickhouse';
import { type DecodedItem, type PartitionBatch } from '@callfold/kafka';
import { createBatchWriter } from './batch-writer';
import { createErasureFilter } from './erasure.lookup';
import { loadFixtures } from './testing/int-stack';
import { inbound, TOPICS } from './testing/writer-items.fixture';
import { type WriterItem } from './writer-item';

// ClickHouse only (embedded, real migrations): what the batch writer leaves in the tables when
// the same batch is applied twice, as after a retry whose first answer was lost.
const MIGRATIONS = join(__dirname, '../../../deploy/clickhouse/migrations');
const DB = 'callfold_batch_it';

describe('batch writer on embedded ClickHouse', () => {
  let engine: ClickHouseBackend;
  let dataDir: string | undefined;
  const fixtures = loadFixtures();

  function batch(topic: string, partition: number, firstOffset: number, decoded: readonly WriterItem[]): PartitionBatch<WriterItem> {
    const items: DecodedItem<WriterItem>[] = decoded.map((d, i) => ({ message: inbound(topic, partition, String(firstOffset + i)), decoded: d }));
    return { topic, partition, items, firstOffset: String(firstOffset), lastOffset: String(firstOffset + decoded.length - 1), attempt: 1, signal: new AbortController().signal };
  }
  const eventItems: WriterItem[] = fixtures.flatMap((f) => f.events.map((event) => ({ kind: 'event' as const, event })));
  const projectionItems: WriterItem[] = fixtures.flatMap((f) => f.projections.map((conversation) => ({ kind: 'conversation' as const, conversation })));

  async function tables() {
    const raw: Record<string, number> = {};
    // erasures is left out: the sink records an erasure without a token (its ReplacingMergeTree
    // collapses the repeat, FINAL below), the three tables written with tokens must not grow.
    for (const table of ['call_events', 'conversations', 'dialogues']) {
      raw[table] = Number((await engine.query<{ n: string }>(`SELECT count() AS n FROM ${DB}.${table}`))[0]?.n);
    }
    return {
      raw,
      callEvents: await engine.query(`SELECT * EXCEPT ingested_at FROM ${DB}.call_events FINAL ORDER BY conversation_id, event_id`),
      conversations: await engine.query(`SELECT * EXCEPT written_at FROM ${DB}.conversations FINAL ORDER BY conversation_id`),
      dialogues: await engine.query(`SELECT * EXCEPT written_at FROM ${DB}.dialogues FINAL ORDER BY conversation_id`),
      erasures: await engine.query(`SELECT * FROM ${DB}.erasures FINAL ORDER BY conversation_id`),
    };
  }

  beforeAll(async () => {
    engine = createChdbBackend({ path: (dataDir = mkdtempSync(join(tmpdir(), 'cf-batch-writer-it-'))) });
    await applyMigrations(engine, loadMigrations(MIGRATIONS), { database: DB });
  });
  afterAll(async () => {
    await engine?.close();
    await drainPending();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const inserts: string[] = [];
  const writer = () => {
    // The real engine, with each insert's table and token noted.
    const backend: ClickHouseBackend = { ...engine, insert: (table, rows, options) => (inserts.push(`${table}|${options?.deduplicationToken}`), engine.insert(table, rows, options)) };
    return createBatchWriter({
      topics: TOPICS,
      sink: createAnalyticsSink({ backend, database: DB, thresholds: thresholdsFromEnv({}) }),
      maxRows: 50,
      erasures: createErasureFilter({ backend: engine, database: DB }),
    });
  };

  it('given the same batches applied twice, when the tables are read, then nothing changed, not even the raw row counts: every insert was skipped by its token', async () => {
    const events = batch(TOPICS.callEvents, 0, 1_000, eventItems);
    const projections = batch(TOPICS.conversations, 0, 500, projectionItems);
    await writer().handle(events);
    await writer().handle(projections);
    const first = await tables();

    await writer().handle({ ...events, attempt: 2 });
    await writer().handle({ ...projections, attempt: 2 });

    expect(await tables()).toEqual(first);
    expect(first.callEvents).toHaveLength(new Set(eventItems.map((i) => (i.kind === 'event' ? i.event.eventId : ''))).size - fixtures.find((f) => f.name === 'erasure')!.events.length);
    expect(first.dialogues).toHaveLength(fixtures.length - 1);
  });

  it('given the same projections replayed at other offsets (other tokens), when the tables are read FINAL, then they are identical: the ReplacingMergeTree keys collapse the replay', async () => {
    const before = await tables();

    await writer().handle(batch(TOPICS.conversations, 0, 9_000, projectionItems));
    await writer().handle(batch(TOPICS.callEvents, 0, 7_000, eventItems));

    const after = await tables();
    expect({ ...after, raw: undefined, callEvents: after.callEvents.map(withoutOffset) }).toEqual({ ...before, raw: undefined, callEvents: before.callEvents.map(withoutOffset) });
    expect(after.raw['conversations']).toBeGreaterThan(before.raw['conversations'] ?? 0);
  });

  it('given the batches of one fetch written as one group, when the same group is applied again, then the raw row counts do not change: the combined inserts are skipped by their tokens', async () => {
    const half = Math.floor(eventItems.length / 2);
    const group = [batch(TOPICS.callEvents, 1, 20_000, eventItems.slice(0, half)), batch(TOPICS.callEvents, 2, 30_000, eventItems.slice(half)), batch(TOPICS.conversations, 1, 40_000, projectionItems)];
    const once = writer();
    inserts.length = 0;
    await Promise.all(group.map((b) => once.handle(b)));
    const first = await tables();
    const firstInserts = [...inserts];

    const again = writer();
    await Promise.all(group.map((b) => again.handle({ ...b, attempt: 2 })));

    expect(await tables()).toEqual(first);
    expect([once.groups(), again.groups()]).toEqual([1, 1]);
    expect(inserts.slice(firstInserts.length)).toEqual(firstInserts);
    expect(firstInserts.find((i) => i.startsWith(`${DB}.call_events|`))).toBe(`${DB}.call_events|${TOPICS.callEvents}:1:20000-20049:events`);
    expect(firstInserts.some((i) => i.includes(`${TOPICS.callEvents}:1:`) && i.includes(`,${TOPICS.callEvents}:2:30000-`))).toBe(true);
  });
});

function withoutOffset(row: Record<string, unknown>): Record<string, unknown> {
  const { kafka_offset: _offset, ...rest } = row;
  return rest;
}
