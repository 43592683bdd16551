import { createBatchConsumer } from './batch-consumer';
import { type FetchedBatch, type InboundMessage } from './kafka.port';
import { committedOffsets, createTopics, describeWithStack, intStack, noEvents, uniqueName, waitFor } from './testing/int-stack';

// A topic written in transactions ends with a control record (commit or abort marker) that no
// read_committed consumer ever receives: see control-records.ts for why the group must still
// commit past it.
describeWithStack('control records at the end of a transactional topic (real Kafka)', () => {
  const stack = intStack();

  async function endOffset(topic: string): Promise<string> {
    const admin = stack.client.admin();
    await admin.connect();
    try {
      return (await admin.endOffsets(topic))[0]?.offset ?? '-1';
    } finally {
      await admin.disconnect();
    }
  }

  /** Transaction 1 (3 records) committed, transaction 2 (2 records) aborted: offsets 0-2 data, 3 commit marker, 4-5 aborted, 6 abort marker. */
  async function committedThenAborted(topic: string): Promise<void> {
    const producer = stack.client.transactionalProducer({ transactionalId: uniqueName('markers-tx') });
    await producer.connect();
    try {
      const first = await producer.transaction();
      await first.send(topic, ['a', 'b', 'c'].map((v) => ({ key: v, value: Buffer.from(v) })));
      await first.commit();
      const second = await producer.transaction();
      await second.send(topic, ['x', 'y'].map((v) => ({ key: v, value: Buffer.from(v) })));
      await second.abort();
    } finally {
      await producer.disconnect();
    }
  }

  it('given a partition ending in a commit marker and an aborted transaction, when the batch consumer caught up, then its committed offset equals the log end (lag 0) and only committed records were handled', async () => {
    const topic = uniqueName('markers');
    const groupId = uniqueName('markers-group');
    await createTopics(stack.client, [topic]);
    await committedThenAborted(topic);
    const end = await endOffset(topic);
    const handled: string[] = [];
    const consumer = createBatchConsumer<InboundMessage>({
      client: stack.client,
      groupId,
      topics: [topic],
      fromBeginning: true,
      // One record batch per fetch: the markers and the aborted records arrive in fetches of their own.
      maxBytesPerPartition: 1,
      maxWaitTimeMs: 200,
      logger: stack.logger,
      decode: async (messages) => messages,
      handle: async (batch) => void handled.push(...batch.items.map((i) => i.message.offset)),
    });

    let committed: string[] = [];
    try {
      await consumer.start();
      await waitFor('the commit past the abort marker', async () => (committed = await committedOffsets(stack.client, groupId, topic))[0] === end);
    } finally {
      await consumer.stop();
    }

    expect(end).toBe('7');
    expect(committed).toEqual(['7']);
    expect(handled).toEqual(['0', '1', '2']);
  });

  it('given an engine whose handler never commits, when it receives the control-record ranges, then they arrive as empty batches and nothing is committed for its group', async () => {
    const topic = uniqueName('markers-raw');
    const groupId = uniqueName('markers-raw-group');
    await createTopics(stack.client, [topic]);
    await committedThenAborted(topic);
    const batches: { messages: number; lastOffset: string }[] = [];
    const engine = stack.client.consumer({ groupId, topics: [topic], fromBeginning: true, maxBytesPerPartition: 1, maxWaitTimeMs: 200 });

    try {
      await engine.start(async (batch: FetchedBatch, control) => {
        batches.push({ messages: batch.messages.length, lastOffset: batch.lastOffset });
        control.markConsumed(batch.lastOffset);
      }, noEvents);
      await waitFor('the range ending at the abort marker', () => batches.some((b) => b.lastOffset === '6'));
    } finally {
      await engine.stop();
    }

    expect(batches[0]).toEqual({ messages: 3, lastOffset: '2' });
    expect(batches.slice(1).every((b) => b.messages === 0)).toBe(true);
    expect(await committedOffsets(stack.client, groupId, topic)).toEqual(['-1']);
  });
}, { registry: false });
