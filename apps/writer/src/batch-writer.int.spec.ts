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

  const inserts: string[] = [];
  // Row counts without FINAL cannot tell a skipped insert from a stored one: a background merge
  // of a ReplacingMergeTree collapses rows whenever it runs, between two reads too (stopping merges
  // is no way out: it also holds the erasure's DELETE). ClickHouse counts the inserts its tokens
  // skipped in the DuplicatedInsertedBlocks event; each insert here is one block (<= maxRows rows).
  // This engine counts one skipped insert more than once (twice in 26.x), so `skippedInserts`
  // divides by what one known skipped insert counts, measured in beforeAll.
  const duplicatedBlocks = async () => Number((await engine.query<{ n: string }>("SELECT sum(value) AS n FROM system.events WHERE event = 'DuplicatedInsertedBlocks'"))[0]?.n ?? 0);
  let perSkippedInsert = 1;
  const skippedInserts = async (since: number) => ((await duplicatedBlocks()) - since) / perSkippedInsert;
  // erasures is left out: the sink records an erasure without a token (its ReplacingMergeTree
  // collapses the repeat, FINAL below); the three tables written with tokens are the ones counted.
  const tokenInserts = (from: number) => inserts.slice(from).filter((i) => !i.startsWith(`${DB}.erasures|`));

  async function tables() {
    return {
      callEvents: await engine.query(`SELECT * EXCEPT ingested_at FROM ${DB}.call_events FINAL ORDER BY conversation_id, event_id`),
      conversations: await engine.query(`SELECT * EXCEPT written_at FROM ${DB}.conversations FINAL ORDER BY conversation_id`),
      dialogues: await engine.query(`SELECT * EXCEPT written_at FROM ${DB}.dialogues FINAL ORDER BY conversation_id`),
      erasures: await engine.query(`SELECT * FROM ${DB}.erasures FINAL ORDER BY conversation_id`),
    };
  }

  beforeAll(async () => {
    engine = createChdbBackend({ path: (dataDir = mkdtempSync(join(tmpdir(), 'cf-batch-writer-it-'))) });
    await applyMigrations(engine, loadMigrations(MIGRATIONS), { database: DB });
    await engine.command(`CREATE DATABASE ${DB}_probe`);
    await engine.command(`CREATE TABLE ${DB}_probe.dedup (id UInt8) ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 10`);
    await engine.insert(`${DB}_probe.dedup`, [{ id: 1 }], { deduplicationToken: 'probe' });
    const before = await duplicatedBlocks();
    await engine.insert(`${DB}_probe.dedup`, [{ id: 1 }], { deduplicationToken: 'probe' });
    perSkippedInsert = (await duplicatedBlocks()) - before;
    expect(perSkippedInsert).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await engine?.close();
    await drainPending();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

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

  it('given the same batches applied twice, when the tables are read, then nothing changed and every insert of the second application was skipped by its token', async () => {
    const events = batch(TOPICS.callEvents, 0, 1_000, eventItems);
    const projections = batch(TOPICS.conversations, 0, 500, projectionItems);
    await writer().handle(events);
    await writer().handle(projections);
    const first = await tables();
    const duplicatesBefore = await duplicatedBlocks();
    const insertsBefore = inserts.length;

    await writer().handle({ ...events, attempt: 2 });
    await writer().handle({ ...projections, attempt: 2 });

    expect(await tables()).toEqual(first);
    const repeated = tokenInserts(insertsBefore);
    expect(repeated.length).toBeGreaterThanOrEqual(3);
    expect(await skippedInserts(duplicatesBefore)).toBe(repeated.length);
    expect(first.callEvents).toHaveLength(new Set(eventItems.map((i) => (i.kind === 'event' ? i.event.eventId : ''))).size - fixtures.find((f) => f.name === 'erasure')!.events.length);
    expect(first.dialogues).toHaveLength(fixtures.length - 1);
  });

  it('given the same projections replayed at other offsets (other tokens), when the tables are read FINAL, then they are identical: the inserts were stored and the ReplacingMergeTree keys collapse the replay', async () => {
    const before = await tables();
    const duplicatesBefore = await duplicatedBlocks();
    const insertsBefore = inserts.length;

    await writer().handle(batch(TOPICS.conversations, 0, 9_000, projectionItems));
    await writer().handle(batch(TOPICS.callEvents, 0, 7_000, eventItems));

    const after = await tables();
    expect({ ...after, callEvents: after.callEvents.map(withoutOffset) }).toEqual({ ...before, callEvents: before.callEvents.map(withoutOffset) });
    expect(tokenInserts(insertsBefore).length).toBeGreaterThanOrEqual(3);
    expect(await skippedInserts(duplicatesBefore)).toBe(0);
  });

  it('given the batches of one fetch written as one group, when the same group is applied again, then every combined insert is skipped by its token', async () => {
    const half = Math.floor(eventItems.length / 2);
    const group = [batch(TOPICS.callEvents, 1, 20_000, eventItems.slice(0, half)), batch(TOPICS.callEvents, 2, 30_000, eventItems.slice(half)), batch(TOPICS.conversations, 1, 40_000, projectionItems)];
    const once = writer();
    inserts.length = 0;
    await Promise.all(group.map((b) => once.handle(b)));
    const first = await tables();
    const firstInserts = [...inserts];
    const duplicatesBefore = await duplicatedBlocks();

    const again = writer();
    await Promise.all(group.map((b) => again.handle({ ...b, attempt: 2 })));

    expect(await tables()).toEqual(first);
    expect([once.groups(), again.groups()]).toEqual([1, 1]);
    expect(inserts.slice(firstInserts.length)).toEqual(firstInserts);
    expect(await skippedInserts(duplicatesBefore)).toBe(tokenInserts(firstInserts.length).length);
    expect(firstInserts.find((i) => i.startsWith(`${DB}.call_events|`))).toBe(`${DB}.call_events|${TOPICS.callEvents}:1:20000-20049:events`);
    expect(firstInserts.some((i) => i.includes(`${TOPICS.callEvents}:1:`) && i.includes(`,${TOPICS.callEvents}:2:30000-`))).toBe(true);
  });
});

function withoutOffset(row: Record<string, unknown>): Record<string, unknown> {
  const { kafka_offset: _offset, ...rest } = row;
  return rest;
}
