import { type BatchConsumerOptions, createBatchConsumer, type PartitionBatch } from './batch-consumer';
import { type InboundMessage, type TopicPartition } from './kafka.port';
import { committedOffsets, createTopics, describeWithStack, intStack, uniqueName, waitFor } from './testing/int-stack';

const offsetsOf = (batch: PartitionBatch<InboundMessage>) => batch.items.map((i) => i.message.offset);

describeWithStack('batch consumer (real Kafka)', () => {
  const stack = intStack();

  async function produceOneByOne(topic: string, count: number): Promise<void> {
    const producer = stack.client.producer();
    await producer.connect();
    // One send per message: one record batch each, so a small fetch size yields one message per batch.
    for (let i = 0; i < count; i += 1) await producer.send(topic, [{ key: `k${i}`, value: Buffer.from(`m${i}`) }]);
    await producer.disconnect();
  }

  function consumerOf(topic: string, groupId: string, handle: (batch: PartitionBatch<InboundMessage>) => Promise<void>, extra: Partial<BatchConsumerOptions<InboundMessage>> = {}) {
    return createBatchConsumer<InboundMessage>({
      client: stack.client,
      groupId,
      topics: [topic],
      fromBeginning: true,
      maxBytesPerPartition: 1,
      maxWaitTimeMs: 200,
      logger: stack.logger,
      decode: async (messages) => messages,
      handle,
      ...extra,
    });
  }

  it('given a consumer that dies while its sink holds offset 3, when another member starts, then it resumes at 3: commits happen only after the sink confirmed', async () => {
    const topic = uniqueName('resume');
    const groupId = uniqueName('resume-group');
    await createTopics(stack.client, [topic]);
    await produceOneByOne(topic, 6);
    const confirmedByFirst: string[] = [];
    let blocked = false;
    let crash!: (e: Error) => void;
    const first = consumerOf(topic, groupId, async (batch) => {
      if (offsetsOf(batch).includes('3')) {
        blocked = true;
        await new Promise<void>((_, reject) => (crash = reject));
      }
      confirmedByFirst.push(...offsetsOf(batch));
    });

    let committedWhileHeld: string[] = [];
    try {
      await first.start();
      await waitFor('the sink to hold offset 3', () => blocked);
      committedWhileHeld = await committedOffsets(stack.client, groupId, topic);
      const stopping = first.stop();
      crash(new Error('sink process killed'));
      await stopping;
    } finally {
      await first.stop();
    }
    const committedAfterDeath = await committedOffsets(stack.client, groupId, topic);

    const confirmedBySecond: string[] = [];
    const second = consumerOf(topic, groupId, async (batch) => void confirmedBySecond.push(...offsetsOf(batch)));
    try {
      await second.start();
      await waitFor('the rest of the partition', () => confirmedBySecond.includes('5'));
      await waitFor('the final commit', async () => (await committedOffsets(stack.client, groupId, topic))[0] === '6');
    } finally {
      await second.stop();
    }

    expect(committedWhileHeld).toEqual(['3']);
    expect(committedAfterDeath).toEqual(['3']);
    expect(confirmedByFirst).toEqual(['0', '1', '2']);
    expect(confirmedBySecond).toEqual(['3', '4', '5']);
  });

  it('given a sink failing 3 times for longer than the session timeout, when retried, then the member stays in its generation and every message is confirmed once', async () => {
    const topic = uniqueName('retry');
    const groupId = uniqueName('retry-group');
    await createTopics(stack.client, [topic]);
    const producer = stack.client.producer();
    await producer.connect();
    await producer.send(topic, ['a', 'b', 'c', 'd'].map((v) => ({ key: v, value: Buffer.from(v) })));
    await producer.disconnect();
    const attempts: number[] = [];
    const confirmed: string[] = [];
    const assignments: string[] = [];
    let failures = 3;
    const consumer = consumerOf(
      topic,
      groupId,
      async (batch) => {
        attempts.push(batch.attempt);
        if (failures > 0) {
          failures -= 1;
          throw new Error('ClickHouse is down');
        }
        confirmed.push(...offsetsOf(batch));
      },
      {
        maxBytesPerPartition: 1_048_576,
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 500,
        heartbeatSliceMs: 250,
        // 2 s + 4 s + 4 s of backoff: longer than the session timeout, survived only by heartbeats.
        retry: { initialMs: 2_000, multiplier: 2, maxMs: 4_000, jitter: 0 },
        onAssigned: (partitions: readonly TopicPartition[]) => void assignments.push(partitions.map((p) => `${p.topic}[${p.partition}]`).join()),
      },
    );

    const started = Date.now();
    let generation = 0;
    try {
      await consumer.start();
      await waitFor('the batch to be confirmed', () => confirmed.length === 4, 60_000);
      await waitFor('the commit', async () => (await committedOffsets(stack.client, groupId, topic))[0] === '4');
      generation = consumer.generation();
    } finally {
      await consumer.stop();
    }

    expect(Date.now() - started).toBeGreaterThan(10_000);
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(confirmed).toEqual(['0', '1', '2', '3']);
    expect(generation).toBe(1);
    expect(assignments).toEqual([`${topic}[0]`]);
  });
}, { registry: false });
