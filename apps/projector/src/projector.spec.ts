import { decodeConversation, decodeDeadLetter } from '@callfold/contracts';
import { createSilentLogger, unframe } from '@callfold/kafka';
import { createProjector, type Projector } from './projector';
import { type ProjectorConfig, projectorConfigFromEnv } from './projector.config';
import { WATERMARK_HEADER } from './restore';
import { TopicSetupError } from './topics.setup';
import { batchOf, FakeKafka, FakeRegistry, type StoredRecord } from './testing/fake-kafka';
import { answeredCall, HOUR, liveCall, MINUTE, tagsAdded } from './testing/projector.fixtures';

const T = Date.UTC(2026, 2, 18, 10, 0, 0);
const EVENTS = 'callfold.call-events.v1';
const CONVERSATIONS = 'callfold.conversations.v1';
const DEAD_LETTERS = 'callfold.dead-letters.v1';

const config: ProjectorConfig = projectorConfigFromEnv({ CALLFOLD_PROJECTOR_INSTANCE_ID: 'test-0', CALLFOLD_PROJECTOR_DEFAULT_PARTITIONS: '2' });

function projectorOn(kafka: FakeKafka, registry = new FakeRegistry()): Projector {
  return createProjector(config, { client: kafka, registryClient: registry, logger: createSilentLogger() }, { retry: { initialMs: 1, maxMs: 1, jitter: 0 } });
}

/** Joins the group with the given partitions and waits until their restore hook ran. */
async function join(kafka: FakeKafka, partitions: number[]): Promise<void> {
  const engine = kafka.engines.at(-1)!;
  engine.join(partitions.map((partition) => ({ topic: EVENTS, partition })));
  await new Promise((r) => setTimeout(r, 10));
}

function bodyOf(value: Buffer): Buffer {
  const framed = unframe(value);
  if (!framed.ok) throw new Error(framed.detail);
  return framed.body;
}
const valueOf = (r: StoredRecord) => (r.value === null ? null : decodeConversation(bodyOf(r.value)));
const deadLetterOf = (r: StoredRecord) => decodeDeadLetter(bodyOf(r.value as Buffer));

describe('projector wiring (in-memory Kafka)', () => {
  it('given no topics, when started, then call-events, a compacted co-partitioned conversations topic and the dead-letter topic exist, and both schemas are registered', async () => {
    const kafka = new FakeKafka();
    const registry = new FakeRegistry();
    const projector = projectorOn(kafka, registry);

    await projector.start();
    await projector.stop();

    expect([...kafka.topics]).toEqual([
      [EVENTS, { partitions: 2, config: {} }],
      [CONVERSATIONS, { partitions: 2, config: { 'cleanup.policy': 'compact', 'delete.retention.ms': '691200000' } }],
      [DEAD_LETTERS, { partitions: 2, config: {} }],
    ]);
    expect([...registry.registered.keys()].sort()).toEqual([`${CONVERSATIONS}-value`, `${DEAD_LETTERS}-value`]);
    expect(kafka.engines[0]!.options).toMatchObject({ groupId: 'callfold-projector', topics: [EVENTS], fromBeginning: true });
    expect(kafka.transactions[0]).toBe('connect callfold-projector.test-0');
  });

  it('given a conversations topic with another partition count, when started, then the projector refuses to run', async () => {
    const kafka = new FakeKafka();
    kafka.topics.set(EVENTS, { partitions: 3, config: {} });
    kafka.topics.set(CONVERSATIONS, { partitions: 1, config: { 'cleanup.policy': 'compact' } });

    await expect(projectorOn(kafka).start()).rejects.toBeInstanceOf(TopicSetupError);
  });

  it('given an assigned partition, when a batch is processed, then its projections, dead letters and offsets commit in one transaction and the store follows only after the commit', async () => {
    // given
    const kafka = new FakeKafka();
    const projector = projectorOn(kafka);
    await projector.start();
    await join(kafka, [1]);
    const good = kafka.produceEvents(EVENTS, 1, [...answeredCall('conv-a', T), ...liveCall('conv-b', T)]).messages;
    const poison = kafka.produceRaw(EVENTS, 1, [{ key: 'conv-x', value: Buffer.from('not avro') }]);

    // when
    await kafka.engines[0]!.deliver(batchOf(EVENTS, 1, [...good, ...poison]));

    // then one transaction: 2 projections, 1 dead letter, the offsets, the commit
    expect(kafka.transactions.slice(1)).toEqual(['begin', `send ${CONVERSATIONS} 2`, `send ${DEAD_LETTERS} 1`, `offsets callfold-projector ${EVENTS}[1]=10`, 'commit']);
    const written = kafka.recordsOf(CONVERSATIONS, 1);
    expect(written.map((r) => [r.key, valueOf(r)?.version, r.partition, r.headers?.[WATERMARK_HEADER]])).toEqual([
      ['conv-a', 5, 1, String(T + 3 * MINUTE)],
      ['conv-b', 4, 1, String(T + 3 * MINUTE)],
    ]);
    expect(deadLetterOf(kafka.recordsOf(DEAD_LETTERS, 0)[0]!)).toMatchObject({ reason: 'UNDECODABLE', service: 'projector', topic: EVENTS, partition: 1, offset: '9' });
    expect(projector.state()).toEqual({ partitions: [1], entries: 2, closing: 1, remembered: 0 });
    expect(projector.counters()).toMatchObject({ batches: 1, messages: 10, eventsFolded: 9, projectionsWritten: 2, deadLetters: expect.objectContaining({ UNDECODABLE: 1, LATE_EVENT: 0 }) });
    await projector.stop();
  });

  it('given a batch whose projections exceed the send limit, when processed, then they go in several sends of the same transaction', async () => {
    const kafka = new FakeKafka();
    const projector = createProjector({ ...config, maxSendBytes: 2_000 }, { client: kafka, registryClient: new FakeRegistry(), logger: createSilentLogger() });
    await projector.start();
    await join(kafka, [0]);
    const events = ['a', 'b', 'c', 'd', 'e'].flatMap((id) => liveCall(`conv-${id}`, T));

    await kafka.engines[0]!.deliver(kafka.produceEvents(EVENTS, 0, events));

    const sends = kafka.transactions.filter((t) => t.startsWith(`send ${CONVERSATIONS}`));
    expect(sends.length).toBeGreaterThan(1);
    expect(kafka.transactions.filter((t) => t === 'begin' || t === 'commit')).toEqual(['begin', 'commit']);
    expect(kafka.recordsOf(CONVERSATIONS, 0).map((r) => r.key)).toEqual(['conv-a', 'conv-b', 'conv-c', 'conv-d', 'conv-e']);
    await projector.stop();
  });

  it('given the transaction fails to commit, when the batch is redone, then the first attempt left no trace in the store or the counters', async () => {
    const kafka = new FakeKafka();
    const projector = projectorOn(kafka);
    await projector.start();
    await join(kafka, [0]);
    const batch = kafka.produceEvents(EVENTS, 0, liveCall('conv-a', T));
    kafka.failNextCommit = true;

    const control = await kafka.engines[0]!.deliver(batch);
    const afterAbort = { state: projector.state(), counters: projector.counters().batches };
    await kafka.engines[0]!.deliver(batch);

    expect(control.calls).toEqual(['seek 0', 'pause', 'resume']);
    expect(afterAbort).toEqual({ state: { partitions: [0], entries: 0, closing: 0, remembered: 0 }, counters: 0 });
    expect(kafka.recordsOf(CONVERSATIONS, 0).map((r) => [r.key, valueOf(r)?.version])).toEqual([['conv-a', 4]]);
    expect(projector.counters()).toMatchObject({ batches: 1, eventsFolded: 4 });
    await projector.stop();
  });

  it('given a first projector committed projections, when a new instance is assigned the partition, then it restores them and late enrichment bumps the version keeping every earlier fact', async () => {
    // given the first instance folded an answered call, then stopped
    const kafka = new FakeKafka();
    const first = projectorOn(kafka);
    await first.start();
    await join(kafka, [0]);
    await kafka.engines[0]!.deliver(kafka.produceEvents(EVENTS, 0, answeredCall('conv-a', T)));
    await first.stop();

    // when a new instance takes partition 0 and gets late enrichment
    const second = projectorOn(kafka);
    await second.start();
    await join(kafka, [0]);
    const restoredEntries = second.state().entries;
    await kafka.engines[1]!.deliver(kafka.produceEvents(EVENTS, 0, [tagsAdded('conv-a', T + 20 * MINUTE)]));

    // then
    expect(restoredEntries).toBe(1);
    expect(kafka.reads.map((r) => [r.topic, r.partitions])).toEqual([
      [CONVERSATIONS, [0]],
      [CONVERSATIONS, [0]],
    ]);
    const latest = valueOf(kafka.recordsOf(CONVERSATIONS, 0).at(-1)!)!;
    expect(latest).toMatchObject({ version: 6, phase: 'ENDED', queuedAt: T + 5_000, connectedAt: T + 14_000, endedAt: T + 180_000, tags: [{ key: 'topic', value: 'billing' }] });
    expect(second.counters()).toMatchObject({ partitionsRestored: 1, entriesRestored: 1 });
    await second.stop();
  });

  it('given a closed conversation past its grace period and a late event for an evicted one, then a tombstone is written and the late event is dead-lettered LATE_EVENT', async () => {
    const kafka = new FakeKafka();
    const projector = projectorOn(kafka);
    await projector.start();
    await join(kafka, [0]);
    await kafka.engines[0]!.deliver(kafka.produceEvents(EVENTS, 0, answeredCall('conv-a', T)));

    await kafka.engines[0]!.deliver(kafka.produceEvents(EVENTS, 0, [tagsAdded('conv-clock', T + 2 * HOUR)]));
    await kafka.engines[0]!.deliver(kafka.produceEvents(EVENTS, 0, [tagsAdded('conv-a', T + 10 * MINUTE)]));

    expect(kafka.recordsOf(CONVERSATIONS, 0).map((r) => [r.key, r.value === null ? 'tombstone' : valueOf(r)?.version])).toEqual([
      ['conv-a', 5],
      ['conv-clock', 1],
      ['conv-a', 'tombstone'],
    ]);
    expect(deadLetterOf(kafka.recordsOf(DEAD_LETTERS, 0)[0]!)).toMatchObject({ reason: 'LATE_EVENT', conversationId: 'conv-a', eventId: `conv-a-tags-${T + 10 * MINUTE}` });
    expect(projector.counters()).toMatchObject({ tombstonesWritten: 1, deadLetters: expect.objectContaining({ LATE_EVENT: 1 }) });
    expect(projector.state()).toEqual({ partitions: [0], entries: 1, closing: 0, remembered: 1 });
    await projector.stop();
  });

  it('given an evicted conversation, when a CSAT with a recent time arrives, then it is dead-lettered LATE_EVENT (no partial projection), and so it is after a restore by a new instance', async () => {
    // given conv-a (ended T + 3 min) evicted when conv-clock moves the watermark to T + 2 h (cutoff T + 1 h)
    const kafka = new FakeKafka();
    const first = projectorOn(kafka);
    await first.start();
    await join(kafka, [0]);
    await kafka.engines[0]!.deliver(kafka.produceEvents(EVENTS, 0, answeredCall('conv-a', T)));
    await kafka.engines[0]!.deliver(kafka.produceEvents(EVENTS, 0, [tagsAdded('conv-clock', T + 2 * HOUR)]));

    // when a CSAT-like enrichment at T + 1 h 30 min (after the cutoff: not late by the time rule) arrives
    await kafka.engines[0]!.deliver(kafka.produceEvents(EVENTS, 0, [tagsAdded('conv-a', T + 90 * MINUTE)]));
    await first.stop();
    // and after a restart, another at T + 1 h 45 min
    const second = projectorOn(kafka);
    await second.start();
    await join(kafka, [0]);
    const restored = second.state();
    await kafka.engines[1]!.deliver(kafka.produceEvents(EVENTS, 0, [tagsAdded('conv-a', T + 105 * MINUTE)]));

    // then no projection of conv-a after its tombstone, whose watermark header is the eviction watermark
    const written = kafka.recordsOf(CONVERSATIONS, 0).filter((r) => r.key === 'conv-a');
    expect(written.map((r) => [r.value === null ? 'tombstone' : valueOf(r)?.version, r.headers?.[WATERMARK_HEADER]])).toEqual([
      [5, String(T + 3 * MINUTE)],
      ['tombstone', String(T + 2 * HOUR)],
    ]);
    // and both events are LATE_EVENT dead letters naming the eviction watermark
    const letters = kafka.recordsOf(DEAD_LETTERS, 0).map(deadLetterOf);
    expect(letters.map((d) => [d.reason, d.eventId])).toEqual([
      ['LATE_EVENT', `conv-a-tags-${T + 90 * MINUTE}`],
      ['LATE_EVENT', `conv-a-tags-${T + 105 * MINUTE}`],
    ]);
    for (const d of letters) expect(d.detail).toContain(`closed and evicted from partition 0 at watermark ${new Date(T + 2 * HOUR).toISOString()}`);
    expect(restored).toEqual({ partitions: [0], entries: 1, closing: 0, remembered: 1 });
    await second.stop();
  });
});
