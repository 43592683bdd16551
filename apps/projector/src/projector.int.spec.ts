import { type CallEvent, encodeCallEvent, standaloneSchema } from '@callfold/contracts';
import {
  createConfluentRegistryClient,
  createConsoleLogger,
  createKafkaClient,
  frame,
  kafkaSettingsFromEnv,
  logLevelFromEnv,
  type OutboundRecord,
} from '@callfold/kafka';
import { foldEvents } from '@callfold/domain';
import { describeWithService } from '@callfold/testing';
import { createProjector, type Projector } from './projector';
import { type ProjectorConfig, projectorConfigFromEnv } from './projector.config';
import { deadLettersOf, latestByKey, readToEnd, uniqueName, waitFor } from './testing/int-support';
import { conversationOf, fixtureEvents, HOUR, MINUTE, tagsAdded } from './testing/projector.fixtures';

const PARTITIONS = 2;
const DAY = 24 * HOUR;

/** The conversation ids of the fixtures used here. */
const LATE_CSAT = '69129f66-288b-4946-ae3f-3cb14699dee0';
const ERASED = '767473ca-e7bf-435c-af88-5efaf02258ef';

describeWithService('kafka', 'projector against the real Kafka', () => {
  describeWithService('schema-registry', 'and the real schema registry', () => {
    const settings = kafkaSettingsFromEnv();
    const logger = createConsoleLogger({ namespace: 'it', level: process.env['CALLFOLD_LOG_LEVEL'] ? logLevelFromEnv() : 'warn' });
    const client = createKafkaClient(settings, { logger });
    const registryClient = createConfluentRegistryClient(settings.registry);
    const topics = { callEvents: uniqueName('call-events'), conversations: uniqueName('conversations'), deadLetters: uniqueName('dead-letters') };
    const groupId = uniqueName('projector');

    // Five fixture conversations (a redelivery, out-of-order arrival, an erasure), the late CSAT held back.
    const lateCsatAll = fixtureEvents('late-csat-sentiment');
    const csat = lateCsatAll.at(-1) as CallEvent;
    const conversations: Record<string, CallEvent[]> = {};
    for (const name of ['inbound-answered-in-sla', 'inbound-answered-late', 'transfer-with-hold', 'late-csat-sentiment', 'erasure']) {
      const events = name === 'late-csat-sentiment' ? lateCsatAll.slice(0, -1) : fixtureEvents(name);
      conversations[(events[0] as CallEvent).conversationId] = events;
    }
    const lastFixtureTime = Math.max(...[...Object.values(conversations).flat(), csat].map((e) => e.occurredAt));

    let callEventSchemaId = 0;
    const running: Projector[] = [];

    function configFor(instance: string, graceMs: number): ProjectorConfig {
      const base = projectorConfigFromEnv(process.env);
      return { ...base, topics, groupId, instanceId: instance, transactionalId: uniqueName(`projector-${instance}`), graceMs, evictedMemoryMs: Math.max(base.evictedMemoryMs, graceMs), defaultPartitions: PARTITIONS };
    }

    async function startInstance(instance: string, graceMs: number): Promise<Projector> {
      const projector = createProjector(configFor(instance, graceMs), { client, registryClient, logger }, { maxWaitTimeMs: 200, heartbeatSliceMs: 200, retry: { initialMs: 200, jitter: 0 } });
      running.push(projector);
      await projector.start();
      return projector;
    }

    async function produce(records: readonly OutboundRecord[]): Promise<void> {
      const producer = client.producer();
      await producer.connect();
      try {
        await producer.send(topics.callEvents, records);
      } finally {
        await producer.disconnect();
      }
    }

    const framed = (event: CallEvent, key: string | null = event.conversationId, schemaId = callEventSchemaId): OutboundRecord => ({ key, value: frame(schemaId, encodeCallEvent(event)) });

    beforeAll(async () => {
      callEventSchemaId = await registryClient.register(`${topics.callEvents}-value`, standaloneSchema('CallEvent'));
    });

    afterAll(async () => {
      for (const projector of running) await projector.stop();
    });

    it('given fixture conversations and poison messages, when the projector runs, then the compacted topic holds the folded projection per key and every poison message is dead-lettered with its reason', async () => {
      // given the projector (grace of a year: nothing closes here), then the events and the poison
      const projector = await startInstance('a', 365 * DAY);
      const valid = Object.values(conversations).flat();
      const queued = valid.find((e) => e.type === 'Queued') as CallEvent;
      const poison: OutboundRecord[] = [
        { key: 'poison-garbage', value: Buffer.from('not the wire format') },
        framed({ ...queued, conversationId: 'poison-unknown-schema', eventId: 'poison-1' }, 'poison-unknown-schema', 987_654),
        framed({ ...queued, conversationId: 'poison-a', eventId: 'poison-2' }, 'poison-b'),
        framed({ ...queued, conversationId: 'poison-invalid', eventId: 'poison-3', payload: { queueId: 'q', priority: 9, teamId: null } } as CallEvent),
        framed({ ...queued, conversationId: 'poison-no-key', eventId: 'poison-4' }, null),
      ];
      await produce([...valid.map((e) => framed(e)), ...poison]);

      // when everything was processed
      await waitFor('all messages committed', () => projector.counters().messages === valid.length + poison.length);

      // then the latest projection per key is the reducer's fold of that conversation, on the same partition as its events
      const latest = latestByKey(await readToEnd(client, topics.conversations, PARTITIONS));
      expect([...latest.keys()].sort()).toEqual(Object.keys(conversations).sort());
      for (const [id, events] of Object.entries(conversations)) expect(latest.get(id)?.conversation).toEqual(conversationOf(foldEvents(events)));
      expect(latest.get(LATE_CSAT)?.conversation).toMatchObject({
        version: 7,
        phase: 'ENDED',
        queuedAt: 1_773_828_005_000,
        assignedAt: 1_773_828_013_000,
        connectedAt: 1_773_828_014_000,
        endedAt: 1_773_828_180_000,
        updatedAt: 1_773_829_080_000,
        sentiment: 'NEGATIVE',
        csatScore: null,
      });
      expect(latest.get('a9f929aa-2545-4f4d-a94b-0e8d909f74c8')?.conversation).toMatchObject({ version: 14, phase: 'ENDED' });
      expect(latest.get(ERASED)?.conversation).toMatchObject({ version: 6, erased: true, erasedAt: 1_774_171_800_000, customerName: null, contact: null, agentId: null });
      const redelivered = Object.values(conversations).find((events) => new Set(events.map((e) => e.eventId)).size < events.length) as CallEvent[];
      expect(latest.get((redelivered[0] as CallEvent).conversationId)?.conversation?.version).toBe(new Set(redelivered.map((e) => e.eventId)).size);

      // and the dead letters say why
      const letters = deadLettersOf(await readToEnd(client, topics.deadLetters, PARTITIONS));
      expect(letters.map((d) => [d.key?.toString() ?? null, d.reason, d.service]).sort()).toEqual(
        [
          ['poison-garbage', 'UNDECODABLE', 'projector'],
          ['poison-unknown-schema', 'UNKNOWN_SCHEMA', 'projector'],
          ['poison-b', 'KEY_MISMATCH', 'projector'],
          ['poison-invalid', 'INVALID_EVENT', 'projector'],
          [null, 'MISSING_KEY', 'projector'],
        ].sort(),
      );
      expect(projector.counters().deadLetters).toMatchObject({ UNDECODABLE: 1, UNKNOWN_SCHEMA: 1, KEY_MISMATCH: 1, INVALID_EVENT: 1, MISSING_KEY: 1, LATE_EVENT: 0 });
    });

    it('given the projector stopped, when a new instance restores from the compacted topic and late enrichment arrives, then the new projection has the bumped version and keeps all earlier facts', async () => {
      // given
      await running[0]?.stop();
      const projector = await startInstance('b', 365 * DAY);

      // when the CSAT, two hours after the call, arrives
      await produce([framed(csat)]);
      await waitFor('the CSAT committed', () => projector.counters().messages === 1);

      // then
      expect(projector.counters()).toMatchObject({ partitionsRestored: PARTITIONS, entriesRestored: Object.keys(conversations).length, restoreRejected: 0 });
      const latest = latestByKey(await readToEnd(client, topics.conversations, PARTITIONS)).get(LATE_CSAT)?.conversation;
      expect(latest).toMatchObject({
        version: 8,
        csatScore: 2,
        csatScaleMax: 4,
        updatedAt: 1_773_835_380_000,
        sentiment: 'NEGATIVE',
        summary: 'Customer disputed a late fee; agent could not waive it.',
        queuedAt: 1_773_828_005_000,
        connectedAt: 1_773_828_014_000,
        endedAt: 1_773_828_180_000,
        agentId: 'agent-0142',
      });
      expect(latest).toEqual(conversationOf(foldEvents(lateCsatAll)));
    });

    it('given a 1 h grace period, when the watermark moves a month past the fixtures, then every closed conversation gets a tombstone, later events of an evicted one (an old one, and a CSAT with a recent time) are dead-lettered LATE_EVENT with no partial projection, and a restore reads only live state and still remembers the evictions', async () => {
      // given a third instance with a 1 h grace period
      await running[1]?.stop();
      const projector = await startInstance('c', HOUR);

      // when a new live conversation on each partition moves the watermarks a month on
      const later = lastFixtureTime + 30 * DAY;
      await produce([0, 1].map((partition) => ({ ...framed({ ...tagsAdded(`clock-p${partition}`, later), eventId: `clock-${partition}` }), partition })));
      await waitFor('the fixture conversations evicted', () => projector.counters().tombstonesWritten === Object.keys(conversations).length);
      // and then events of an evicted conversation arrive: one from its own time (older than the
      // cutoff), and a CSAT 10 minutes before the watermark (NOT older than the cutoff: without the
      // evicted memory it would start a partial version-1 projection)
      const recentCsat: CallEvent = { ...csat, eventId: `${LATE_CSAT}-csat-recent`, occurredAt: later - 10 * MINUTE };
      await produce([framed(tagsAdded(LATE_CSAT, csat.occurredAt + MINUTE)), framed(recentCsat)]);
      await waitFor('the late events committed', () => projector.counters().messages === 4);

      // then the compacted view holds tombstones for the closed conversations and the two live ones
      const records = await readToEnd(client, topics.conversations, PARTITIONS);
      const latest = latestByKey(records);
      for (const id of Object.keys(conversations)) expect(latest.get(id)?.conversation).toBeNull();
      expect(latest.get('clock-p0')).toMatchObject({ partition: 0, conversation: { version: 1 } });
      expect(latest.get('clock-p1')).toMatchObject({ partition: 1, conversation: { version: 1 } });
      // and nothing was written for the evicted conversation after its tombstone (no partial projection)
      const ofLateCsat = records.filter((r) => r.key?.toString() === LATE_CSAT);
      expect(ofLateCsat.at(-1)?.value).toBeNull();
      expect(ofLateCsat.filter((r) => r.value === null)).toHaveLength(1);
      const tombstoneWatermark = Number(ofLateCsat.at(-1)?.headers['callfold-watermark']);
      expect(tombstoneWatermark).toBe(later);
      const lateLetters = async () => deadLettersOf(await readToEnd(client, topics.deadLetters, PARTITIONS)).filter((d) => d.reason === 'LATE_EVENT');
      const late = await lateLetters();
      expect(late.map((d) => [d.conversationId, d.eventId, d.service])).toEqual([
        [LATE_CSAT, `${LATE_CSAT}-tags-${csat.occurredAt + MINUTE}`, 'projector'],
        [LATE_CSAT, `${LATE_CSAT}-csat-recent`, 'projector'],
      ]);
      for (const d of late) {
        expect(d.detail).toContain(`closed and evicted from partition ${ofLateCsat[0]?.partition} at watermark ${new Date(later).toISOString()}`);
        expect(d.detail).toContain('npx callfold rebuild');
      }

      // and a restore now reads the two live conversations only, and remembers the five evicted ones
      await projector.stop();
      const next = await startInstance('d', HOUR);
      await waitFor('the restore', () => next.counters().partitionsRestored === PARTITIONS);
      expect(next.counters()).toMatchObject({ entriesRestored: 2, restoreRejected: 0 });
      expect(next.state()).toMatchObject({ partitions: [0, 1], entries: 2, remembered: Object.keys(conversations).length });

      // and a further late event of the evicted conversation, recent too, is still dead-lettered by the new instance
      await produce([framed({ ...recentCsat, eventId: `${LATE_CSAT}-csat-again`, occurredAt: later - 5 * MINUTE })]);
      await waitFor('the further late event committed', () => next.counters().messages === 1);
      expect(next.counters().deadLetters).toMatchObject({ LATE_EVENT: 1 });
      expect((await lateLetters()).map((d) => d.eventId)).toEqual([`${LATE_CSAT}-tags-${csat.occurredAt + MINUTE}`, `${LATE_CSAT}-csat-recent`, `${LATE_CSAT}-csat-again`]);
      const after = (await readToEnd(client, topics.conversations, PARTITIONS)).filter((r) => r.key?.toString() === LATE_CSAT);
      expect(after.at(-1)?.value).toBeNull();
      expect(after).toHaveLength(ofLateCsat.length);
    });
  });
});
