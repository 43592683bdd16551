import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drainPending } from 'chdb';
import { type ClickHouseBackend, createChdbBackend, thresholdsFromEnv } from '@callfold/clickhouse';
import { type CallEvent, encodeCallEvent, encodeConversation, standaloneSchema } from '@callfold/contracts';
import { createConfluentRegistryClient, createConsoleLogger, frame, type OutboundRecord } from '@callfold/kafka';
import { describeWithService } from '@callfold/testing';
import { createTopics, groupCaughtUp, intKafka, loadFixtures, outageBackend, produce, unclosable, uniqueName, waitFor } from './testing/int-stack';
import { createWriter, type Writer, type WriterDeps } from './writer';
import { DEFAULT_BATCHING } from './writer.config';

const MIGRATIONS = join(__dirname, '../../../deploy/clickhouse/migrations');
const DB_A = 'callfold_it_a';
const DB_B = 'callfold_it_b';
const DB_C = 'callfold_it_c';

// The real Kafka and schema registry (found or started by the shared globalSetup), and the
// embedded ClickHouse in a temp dir: the writer runs in this process, as `npm run writer` would.
describeWithService('kafka', 'writer on the real stack', () =>
  describeWithService('schema-registry', 'with the schema registry and embedded ClickHouse', () => {
    const kafka = intKafka();
    const registry = createConfluentRegistryClient(kafka.settings.registry);
    const topics = { callEvents: uniqueName('call-events'), conversations: uniqueName('conversations') };
    const fixtures = loadFixtures();
    const byName = (name: string) => {
      const fixture = fixtures.find((f) => f.name === name);
      if (!fixture) throw new Error(`no fixture ${name}`);
      return fixture;
    };
    const erasedIds = new Set(fixtures.filter((f) => f.projections[f.projections.length - 1]?.erased).map((f) => f.conversationId));
    const redelivered = byName('inbound-answered-in-sla').events[0] as CallEvent;
    const warnLines: string[] = [];
    const logger = createConsoleLogger({
      namespace: 'writer-it',
      level: 'warn',
      write: (line) => {
        warnLines.push(line);
        process.stderr.write(`${line}\n`);
      },
    });
    let engine: ClickHouseBackend;
    let dataDir: string | undefined;
    let eventSchemaId = 0;
    let projectionRecords: OutboundRecord[] = [];
    const groupA = uniqueName('group-a');

    const configFor = (database: string, groupId: string, concurrency = DEFAULT_BATCHING.concurrency): WriterDeps['config'] => ({
      groupId,
      topics,
      database,
      migrateOnStart: true,
      migrationsDir: MIGRATIONS,
      batching: { ...DEFAULT_BATCHING, maxWaitMs: 300, concurrency },
      retry: { initialMs: 100, maxMs: 1_000 },
      thresholds: thresholdsFromEnv({}),
    });
    const writerOn = (backend: ClickHouseBackend, database: string, groupId: string, concurrency?: number): Writer =>
      createWriter({
        config: configFor(database, groupId, concurrency),
        backend,
        kafka: kafka.client,
        registry,
        logger,
        consumer: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, heartbeatSliceMs: 250 },
      });
    const caughtUp = (groupId: string) => waitFor(`group ${groupId} to commit up to the log end`, () => groupCaughtUp(kafka.client, groupId, [topics.callEvents, topics.conversations]), 90_000);
    const eventRecord = (event: CallEvent, key: string = event.conversationId, schemaId = eventSchemaId): OutboundRecord => ({ key, value: frame(schemaId, encodeCallEvent(event)) });

    async function snapshot(database: string) {
      return {
        callEvents: await engine.query(`SELECT * EXCEPT ingested_at FROM ${database}.call_events FINAL ORDER BY conversation_id, event_id`),
        conversations: await engine.query(`SELECT * EXCEPT written_at FROM ${database}.conversations FINAL ORDER BY conversation_id`),
        dialogues: await engine.query(`SELECT * EXCEPT written_at FROM ${database}.dialogues FINAL ORDER BY conversation_id`),
        erasures: await engine.query(`SELECT * FROM ${database}.erasures FINAL ORDER BY conversation_id`),
      };
    }
    const count = async (sql: string) => Number((await engine.query<{ n: string }>(sql))[0]?.n);
    const duplicatedBlocks = () => count("SELECT sum(value) AS n FROM system.events WHERE event = 'DuplicatedInsertedBlocks'");

    beforeAll(async () => {
      engine = createChdbBackend({ path: (dataDir = mkdtempSync(join(tmpdir(), 'cf-writer-it-'))) });
      await createTopics(kafka.client, [topics.callEvents, topics.conversations], 2);
      eventSchemaId = await registry.register(`${topics.callEvents}-value`, standaloneSchema('CallEvent'));
      const conversationSchemaId = await registry.register(`${topics.conversations}-value`, standaloneSchema('Conversation'));

      const poison = { ...redelivered, eventId: 'poison-event', conversationId: 'c-poison' } as CallEvent;
      await produce(kafka.client, topics.callEvents, [
        ...fixtures.flatMap((f) => f.events.map((e) => eventRecord(e))),
        { key: 'c-poison', value: Buffer.from('{"not":"avro"}') },
        eventRecord(poison, 'c-poison', 987_654),
        eventRecord(poison, 'someone-else'),
        eventRecord({ ...poison, type: 'Queued', payload: { queueId: 'q-1', priority: 99, teamId: null } } as CallEvent),
      ]);
      projectionRecords = fixtures.flatMap((f) => f.projections.map((c) => ({ key: c.conversationId, value: frame(conversationSchemaId, encodeConversation(c)) })));
      await produce(kafka.client, topics.conversations, [...projectionRecords, { key: byName('ivr-drop').conversationId, value: null }]);
    });

    afterAll(async () => {
      await engine?.close();
      await drainPending();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('given fixture events, poison messages, projections and a tombstone, when the writer catches up, then the tables hold exactly the distinct events, the dialogues and the seed views', async () => {
      const backend = unclosable(engine);
      const groupId = groupA;
      const writer = writerOn(backend, DB_A, groupId);
      try {
        await writer.start();
        await caughtUp(groupId);
        // A redelivery arriving later, in another batch: stored, then collapsed by the key.
        await produce(kafka.client, topics.callEvents, [eventRecord(redelivered)]);
        await caughtUp(groupId);
      } finally {
        await writer.stop();
      }
      expect(backend.closes()).toBe(1);
      expect(await groupCaughtUp(kafka.client, groupId, [topics.callEvents, topics.conversations])).toBe(true);

      const expectedEventIds = [...new Set(fixtures.flatMap((f) => f.events).filter((e) => !erasedIds.has(e.conversationId)).map((e) => e.eventId))].sort();
      const stored = await engine.query<{ event_id: string }>(`SELECT event_id FROM ${DB_A}.call_events FINAL ORDER BY event_id`);
      expect(stored.map((r) => r.event_id)).toEqual(expectedEventIds);
      expect(expectedEventIds.length).toBe(fixtures.flatMap((f) => f.events).length - 1 - byName('erasure').events.length);
      const copies = await engine.query<{ kafka_offset: string }>(`SELECT toString(kafka_offset) AS kafka_offset FROM ${DB_A}.call_events FINAL WHERE event_id = {id:String}`, { params: { id: redelivered.eventId } });
      const latestOffset = await count(`SELECT toString(max(kafka_offset)) AS n FROM ${DB_A}.call_events WHERE event_id = '${redelivered.eventId}'`);
      expect(copies).toEqual([{ kafka_offset: String(latestOffset) }]);

      const dialogues = await engine.query(`SELECT id, Outcome, InSLA, QuickDrop FROM ${DB_A}.v_anywhere365_dialogues WHERE id IN {ids:Array(String)} ORDER BY Outcome, InSLA, QuickDrop`, {
        params: { ids: ['inbound-answered-in-sla', 'inbound-answered-late', 'inbound-abandoned-quick', 'inbound-abandoned-long-wait', 'ivr-drop'].map((n) => byName(n).conversationId) },
      });
      const named = (name: string) => byName(name).conversationId;
      expect(dialogues).toEqual([
        { id: named('inbound-abandoned-long-wait'), Outcome: 'Abandoned', InSLA: null, QuickDrop: 'False' },
        { id: named('inbound-abandoned-quick'), Outcome: 'Abandoned', InSLA: null, QuickDrop: 'True' },
        { id: named('inbound-answered-late'), Outcome: 'Accepted', InSLA: 'False', QuickDrop: null },
        { id: named('inbound-answered-in-sla'), Outcome: 'Accepted', InSLA: 'True', QuickDrop: null },
        { id: named('ivr-drop'), Outcome: 'IvrDrop', InSLA: null, QuickDrop: null },
      ]);
      expect(await count(`SELECT count() AS n FROM ${DB_A}.dialogues FINAL`)).toBe(fixtures.length - erasedIds.size);

      const contacto = await engine.query(`SELECT \`Conversation ID\` AS id, \`Conversation state\` AS state FROM ${DB_A}.v_contacto_conversations WHERE \`Conversation ID\` IN {ids:Array(String)} ORDER BY state`, {
        params: { ids: [named('inbound-answered-in-sla'), named('inbound-abandoned-quick'), named('after-hours-deflection')] },
      });
      expect(contacto).toEqual([
        { id: named('inbound-answered-in-sla'), state: 'Customer answered' },
        { id: named('inbound-abandoned-quick'), state: 'Dropped' },
        { id: named('after-hours-deflection'), state: 'Out of business hour' },
      ]);
      expect(await count(`SELECT count() AS n FROM ${DB_A}.v_operator_conversations`)).toBe(fixtures.length - erasedIds.size);

      const erased = [...erasedIds];
      expect(await engine.query(`SELECT conversation_id FROM ${DB_A}.erasures FINAL`)).toEqual(erased.map((id) => ({ conversation_id: id })));
      for (const table of ['call_events', 'conversations', 'dialogues']) {
        expect({ table, n: await count(`SELECT count() AS n FROM ${DB_A}.${table} WHERE conversation_id IN ('${erased.join("','")}')`) }).toEqual({ table, n: 0 });
      }

      expect(writer.stats()).toMatchObject({ skipped: { INVALID_EVENT: 1, KEY_MISMATCH: 1, UNDECODABLE: 1, UNKNOWN_SCHEMA: 1 }, tombstones: 1, failedAttempts: 0 });
      const skipWarnings = warnLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['level'] === 'warn' && String(l['msg']).startsWith('messages skipped'));
      expect(skipWarnings.length).toBeGreaterThanOrEqual(1);
      expect(skipWarnings.every((w) => w['topic'] === topics.callEvents && typeof w['partition'] === 'number' && Array.isArray(w['sample']))).toBe(true);
      expect(skipWarnings.reduce((n, w) => n + (w['sample'] as unknown[]).length, 0)).toBe(4);
    });

    // Concurrency 1: one partition batch per group, so the retry repeats the exact token of the
    // insert whose answer was lost. With the default, the batches of a fetch form one group; a
    // failed group's members retry on their own backoff, so they may regroup otherwise: other
    // tokens, and the ReplacingMergeTree keys collapse the repeat instead (FINAL is the same).
    it.each([
      { concurrency: 1, db: () => DB_B, regrouped: false },
      { concurrency: DEFAULT_BATCHING.concurrency, db: () => DB_C, regrouped: true },
    ])(
      'given ClickHouse losing an acknowledgement and then down longer than the session timeout, when the writer (concurrency $concurrency) retries, then it stays in its generation and the tables equal the run without failures, without duplicates',
      async ({ concurrency, db, regrouped }) => {
        const outage = outageBackend(unclosable(engine), 8_000);
        const groupId = uniqueName('group-b');
        const writer = writerOn(outage.backend, db(), groupId, concurrency);
        const duplicatesBefore = await duplicatedBlocks();
        let generationDuringOutage = 0;
        const started = Date.now();
        try {
          await writer.start();
          await waitFor('the outage to begin', () => outage.failures() >= 2);
          generationDuringOutage = writer.generation();
          await caughtUp(groupId);
          expect(writer.generation()).toBe(generationDuringOutage);
        } finally {
          await writer.stop();
        }

        expect(Date.now() - started).toBeGreaterThan(8_000);
        expect(generationDuringOutage).toBe(1);
        // Every member of a failed group counts its own failed attempt.
        if (regrouped) expect(writer.stats().failedAttempts).toBeGreaterThanOrEqual(outage.failures());
        else expect(writer.stats().failedAttempts).toBe(outage.failures());
        expect(outage.ackLost).toHaveLength(1);
        // The insert that landed before the lost answer was sent again with its token and skipped.
        if (!regrouped) expect(await duplicatedBlocks()).toBeGreaterThan(duplicatesBefore);
        expect(await count(`SELECT count() - uniqExact(conversation_id, event_id) AS n FROM ${db()}.call_events FINAL`)).toBe(0);
        expect(await snapshot(db())).toEqual(await snapshot(DB_A));
      },
    );

    it('given the same projection batch produced twice, when the writer reads the copy, then it writes it again and the tables are identical', async () => {
      const before = await snapshot(DB_A);
      // Raw row counts would not tell: a background merge may collapse rows between two reads.
      const duplicatesBefore = await duplicatedBlocks();
      await produce(kafka.client, topics.conversations, projectionRecords);
      // The first writer's group resumes at its commits: it reads only the copy, at new offsets.
      const writer = writerOn(unclosable(engine), DB_A, groupA);
      try {
        await writer.start();
        await caughtUp(groupA);
      } finally {
        await writer.stop();
      }

      expect(writer.stats()).toMatchObject({ eventRows: 0, failedAttempts: 0 });
      expect(writer.stats().conversations).toBeGreaterThanOrEqual(fixtures.length - erasedIds.size);
      expect(writer.stats().erased).toBeGreaterThanOrEqual(erasedIds.size);
      // At new offsets every group has a new token: the copy was stored, none of it skipped.
      expect(await duplicatedBlocks()).toBe(duplicatesBefore);
      expect(await snapshot(DB_A)).toEqual(before);
    });
  }),
);
