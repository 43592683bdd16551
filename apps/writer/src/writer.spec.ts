import { encodeCallEvent, encodeConversation } from '@callfold/contracts';
import { thresholdPolicy } from '@callfold/domain';
import { createSilentLogger, frame } from '@callfold/kafka';
import { CALL_EVENT_SCHEMA_ID, CONVERSATION_SCHEMA_ID, FakeEngine, fakeRegistry } from './testing/fake-kafka';
import { recordingBackend } from './testing/recording-backend';
import { CONVERSATIONS, event, EVENTS, inbound, projection, TOPICS } from './testing/writer-items.fixture';
import { createWriter } from './writer';
import { DEFAULT_BATCHING } from './writer.config';

function setup(options: { failInserts?: number } = {}) {
  const engine = new FakeEngine();
  const clickhouse = recordingBackend(options);
  const writer = createWriter({
    config: {
      groupId: 'callfold-writer',
      topics: TOPICS,
      database: 'callfold',
      migrateOnStart: false,
      migrationsDir: '/nowhere',
      batching: { ...DEFAULT_BATCHING, maxRows: 2 },
      retry: { initialMs: 1, maxMs: 1 },
      thresholds: thresholdPolicy({ defaults: { slaThresholdMs: 20_000, quickDropThresholdMs: 5_000, quickDropClock: 'queue' } }),
    },
    backend: clickhouse.backend,
    kafka: { consumer: (options) => ((engine.options = options), engine) },
    registry: fakeRegistry,
    logger: createSilentLogger(),
    consumer: { heartbeatSliceMs: 1, retry: { jitter: 0 } },
  });
  return { engine, writer, ...clickhouse };
}

const eventMessage = (offset: string, eventId: string) => inbound(EVENTS, 0, offset, frame(CALL_EVENT_SCHEMA_ID, encodeCallEvent(event(eventId))), 'conv-1');
const projectionMessage = (offset: string, version: number) => inbound(CONVERSATIONS, 0, offset, frame(CONVERSATION_SCHEMA_ID, encodeConversation(projection('conv-1', version))), 'conv-1');

describe('writer', () => {
  it('given the config, when started, then one group reads both topics from the beginning with the batching settings, never on its own commits', async () => {
    const { engine, writer } = setup();

    await writer.start();

    expect(engine.options).toMatchObject({
      groupId: 'callfold-writer',
      topics: [EVENTS, CONVERSATIONS],
      fromBeginning: true,
      maxWaitTimeMs: 1_000,
      minBytes: DEFAULT_BATCHING.minBytes,
      maxBytesPerPartition: DEFAULT_BATCHING.maxBytesPerPartition,
      partitionsConsumedConcurrently: DEFAULT_BATCHING.concurrency,
      readUncommitted: false,
    });
  });

  it('given framed events, when a batch arrives, then call_events gets the rows in inserts of maxRows with range tokens, and the commit follows the inserts', async () => {
    const { engine, writer, inserts } = setup();
    await writer.start();
    engine.join([{ topic: EVENTS, partition: 0 }]);

    const control = await engine.deliver(EVENTS, 0, [eventMessage('10', 'e-1'), inbound(EVENTS, 0, '11', Buffer.from('garbage')), eventMessage('12', 'e-2')]);

    expect(inserts.map((i) => [i.table, i.token, i.rows.map((r) => (r as { event_id: string }).event_id)])).toEqual([
      ['callfold.call_events', `${EVENTS}:0:10-11:events`, ['e-1']],
      ['callfold.call_events', `${EVENTS}:0:12-12:events`, ['e-2']],
    ]);
    expect(control.calls).toEqual(['consumed 12', 'commit 13']);
    expect(writer.stats()).toMatchObject({ eventRows: 2, skipped: { UNDECODABLE: 1 } });
  });

  it('given projections and a tombstone, when a batch arrives, then conversations and dialogues are written and the tombstone is only counted', async () => {
    const { engine, writer, inserts } = setup();
    await writer.start();
    engine.join([{ topic: CONVERSATIONS, partition: 0 }]);

    const control = await engine.deliver(CONVERSATIONS, 0, [projectionMessage('3', 1), inbound(CONVERSATIONS, 0, '4', null)]);

    // The bare projection has no dialogue row yet, and an empty insert is not sent.
    expect(inserts.map((i) => [i.table, i.token, i.rows.length])).toEqual([['callfold.conversations', `${CONVERSATIONS}:0:3-4:conversations`, 1]]);
    expect(control.calls).toEqual(['consumed 4', 'commit 5']);
    expect(writer.stats()).toMatchObject({ conversations: 1, tombstones: 1 });
  });

  it('given ClickHouse failing twice, when a batch arrives, then the partition is paused, the batch retried until acknowledged, then committed once', async () => {
    const { engine, writer, inserts } = setup({ failInserts: 2 });
    await writer.start();
    engine.join([{ topic: EVENTS, partition: 0 }]);

    const control = await engine.deliver(EVENTS, 0, [eventMessage('0', 'e-1')]);

    expect(inserts.map((i) => i.token)).toEqual([`${EVENTS}:0:0-0:events`]);
    expect(control.calls).toEqual(['pause', 'consumed 0', 'commit 1', 'resume']);
    expect(writer.stats()).toMatchObject({ failedAttempts: 2, batches: 1, eventRows: 1 });
  });

  it('given a running writer, when stopped twice, then the consumer stops and ClickHouse is closed once', async () => {
    const { engine, writer, closed } = setup();
    await writer.start();

    await Promise.all([writer.stop(), writer.stop()]);

    expect(engine.stopped).toBe(true);
    expect(closed()).toBe(1);
  });
});
