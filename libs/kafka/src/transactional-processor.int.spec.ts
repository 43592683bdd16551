import { type InboundMessage, type KafkaClient, type RecordSender, type Transaction } from './kafka.port';
import { committedOffsets, createTopics, describeWithStack, intStack, readTopic, uniqueName, waitFor } from './testing/int-stack';
import { createTransactionalProcessor } from './transactional-processor';

describeWithStack('transactional processor (real Kafka)', () => {
  const stack = intStack();
  /** What both specs' processors share: one input topic from its start, messages passed through undecoded. */
  const processorBasics = (client: Pick<KafkaClient, 'consumer' | 'transactionalProducer'>, groupId: string, input: string) => ({
    client,
    groupId,
    topics: [input],
    fromBeginning: true,
    transactionalId: uniqueName('tx-instance'),
    maxWaitTimeMs: 200,
    logger: stack.logger,
    decode: async (messages: readonly InboundMessage[]) => messages,
  });

  it('given a transaction that sends outputs and then fails, when aborted and retried, then read_committed sees only the retry and offsets move only with it', async () => {
    const input = uniqueName('tx-in');
    const output = uniqueName('tx-out');
    const groupId = uniqueName('tx-group');
    await createTopics(stack.client, [input, output]);
    const producer = stack.client.producer();
    await producer.connect();
    await producer.send(input, ['a', 'b', 'c'].map((v) => ({ key: v, value: Buffer.from(v) })));
    await producer.disconnect();
    let attemptsSeen = 0;
    let releaseFirst!: () => void;
    const firstSent = new Promise<void>((resolve) => (releaseFirst = resolve));
    let continueFirst!: () => void;
    const firstMayFail = new Promise<void>((resolve) => (continueFirst = resolve));
    let continueSecond!: () => void;
    const secondMayCommit = new Promise<void>((resolve) => (continueSecond = resolve));
    const processor = createTransactionalProcessor<InboundMessage>({
      ...processorBasics(stack.client, groupId, input),
      retry: { initialMs: 200, jitter: 0 },
      process: async (batch, out) => {
        attemptsSeen = batch.attempt;
        await out.send(output, batch.items.map(({ message }) => ({ key: message.key, value: Buffer.from(`${message.value?.toString()}:attempt${batch.attempt}`) })));
        if (batch.attempt === 1) {
          releaseFirst();
          await firstMayFail;
          throw new Error('projection failed after sending');
        }
        await secondMayCommit;
      },
    });

    let offsetsAfterAbort: string[] = [];
    try {
      await processor.start();
      await firstSent;
      const uncommittedWhileOpen = await readTopic(stack.client, output, 3, { readUncommitted: true, settleMs: 200 });
      continueFirst();
      await waitFor('the retry', () => attemptsSeen === 2);
      offsetsAfterAbort = await committedOffsets(stack.client, groupId, input);
      continueSecond();
      await waitFor('the commit of the retry', async () => (await committedOffsets(stack.client, groupId, input))[0] === '3');
      expect(uncommittedWhileOpen.map((m) => m.value?.toString())).toEqual(['a:attempt1', 'b:attempt1', 'c:attempt1']);
    } finally {
      await processor.stop();
    }
    const committedView = await readTopic(stack.client, output, 3);
    const uncommittedView = await readTopic(stack.client, output, 6, { readUncommitted: true });

    expect(offsetsAfterAbort).toEqual(['-1']);
    expect(committedView.map((m) => m.value?.toString())).toEqual(['a:attempt2', 'b:attempt2', 'c:attempt2']);
    expect(uncommittedView.map((m) => m.value?.toString())).toEqual(['a:attempt1', 'b:attempt1', 'c:attempt1', 'a:attempt2', 'b:attempt2', 'c:attempt2']);
  });

  it('given a backlog on three partitions, when the processor starts, then the batches of the fetch share one transaction that commits the outputs and the offsets of all three', async () => {
    const input = uniqueName('tx-in');
    const output = uniqueName('tx-out');
    const groupId = uniqueName('tx-group');
    await createTopics(stack.client, [input, output], 3);
    const producer = stack.client.producer();
    await producer.connect();
    for (const partition of [0, 1, 2]) await producer.send(input, ['a', 'b'].map((v) => ({ key: v, value: Buffer.from(`${partition}${v}`), partition })));
    await producer.disconnect();
    // The real producer, counting the transactions it begins and commits.
    const counts = { begun: 0, committed: 0 };
    const client: Pick<KafkaClient, 'consumer' | 'transactionalProducer'> = {
      consumer: (options) => stack.client.consumer(options),
      transactionalProducer: (options) => {
        const real = stack.client.transactionalProducer(options);
        return {
          connect: () => real.connect(),
          disconnect: () => real.disconnect(),
          transaction: async (): Promise<Transaction> => {
            const txn = await real.transaction();
            counts.begun += 1;
            return {
              ...txn,
              commit: async () => {
                await txn.commit();
                counts.committed += 1;
              },
            };
          },
        };
      },
    };
    const transactionOf = new Map<number, RecordSender>();
    const processor = createTransactionalProcessor<InboundMessage>({
      ...processorBasics(client, groupId, input),
      process: async (batch, out) => {
        transactionOf.set(batch.partition, out);
        await out.send(output, batch.items.map(({ message }) => ({ key: message.key, value: message.value, partition: 0 })));
      },
    });

    try {
      await processor.start();
      await waitFor('the commit of all three partitions', async () => (await committedOffsets(stack.client, groupId, input)).join() === '2,2,2');
    } finally {
      await processor.stop();
    }
    const committedView = await readTopic(stack.client, output, 6);

    expect(counts).toEqual({ begun: 1, committed: 1 });
    expect([...transactionOf.keys()].sort()).toEqual([0, 1, 2]);
    expect(new Set(transactionOf.values()).size).toBe(1);
    expect(committedView.map((m) => m.value?.toString()).sort()).toEqual(['0a', '0b', '1a', '1b', '2a', '2b']);
  });
}, { registry: false });
