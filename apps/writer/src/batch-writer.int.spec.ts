import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drainPending } from 'chdb';
import { applyMigrations, type ClickHouseBackend, createAnalyticsSink, createChdbBackend, loadMigrations, thresholdsFromEnv } from '@callfold/clickhouse';
import { type DecodedItem, type PartitionBatch } from '@callfold/kafka';
import { createBatchWriter } from './batch-writer';
import { createErasureLookup } from './erasure.lookup';
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

  const writer = () =>
    createBatchWriter({
      topics: TOPICS,
      sink: createAnalyticsSink({ backend: engine, database: DB, thresholds: thresholdsFromEnv({}) }),
      maxRows: 50,
      erasedAmong: createErasureLookup(engine, DB),
    });

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
});

function withoutOffset(row: Record<string, unknown>): Record<string, unknown> {
  const { kafka_offset: _offset, ...rest } = row;
  return rest;
}
