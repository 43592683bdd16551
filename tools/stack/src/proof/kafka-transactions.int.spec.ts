import { describeWithService, kafkaClientConfig, serviceEnv } from '@callfold/testing';
import { type Admin, Kafka, logLevel, Partitioners } from 'kafkajs';
import { batchContextOf, firstMessages, uniqueName, values } from './kafka-test.helpers';

describeWithService('kafka', 'kafkajs 2.2.4 transactions against the Kafka broker (consume-transform-produce)', () => {
  const kafka = new Kafka(kafkaClientConfig({ kafka: serviceEnv().kafka, clientSuffix: 'int-txn', logLevel: logLevel.NOTHING }));
  const input = uniqueName('int-txn-in');
  const output = uniqueName('int-txn-out');
  const groupId = uniqueName('int-txn-group');
  let admin: Admin;
  let committedAfterAbort: string | undefined;

  const groupOffset = async (): Promise<string | undefined> => {
    const [topic] = await admin.fetchOffsets({ groupId, topics: [input] });
    return topic?.partitions.find((p) => p.partition === 0)?.offset;
  };

  beforeAll(async () => {
    // given an input record, and a transactional producer that aborts one transaction, then commits another
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: input }, { topic: output }], waitForLeaders: true });
    const plain = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await plain.connect();
    await plain.send({ topic: input, messages: [{ value: 'in-1' }] });
    await plain.disconnect();

    const producer = kafka.producer({ transactionalId: uniqueName('int-txn-producer'), idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic: output, messages: [{ value: 'aborted' }] });
    await aborted.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: [{ partition: 0, offset: '1' }] }] });
    await aborted.abort();
    committedAfterAbort = await groupOffset();

    const committed = await producer.transaction();
    await committed.send({ topic: output, messages: [{ value: 'committed' }] });
    await committed.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: [{ partition: 0, offset: '1' }] }] });
    await committed.commit();
    await producer.disconnect();
  });
  afterAll(async () => {
    await admin.disconnect();
  });

  it('when a read_committed consumer reads the output, then it sees only the committed record', async () => {
    const consumer = kafka.consumer({ groupId: uniqueName('int-txn-committed'), readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topics: [output], fromBeginning: true });

    // The aborted record sits before the committed one, so had it been delivered it would come first.
    const messages = await firstMessages(consumer, 1);
    await consumer.disconnect();

    expect(values(messages)).toEqual(['committed']);
    expect(batchContextOf(messages[0]!).inTransaction).toBe(true);
  });

  it('when a read_uncommitted consumer reads the output, then it also sees the aborted record (so the filter above did the work)', async () => {
    const consumer = kafka.consumer({ groupId: uniqueName('int-txn-uncommitted'), readUncommitted: true });
    await consumer.connect();
    await consumer.subscribe({ topics: [output], fromBeginning: true });

    const messages = await firstMessages(consumer, 2);
    await consumer.disconnect();

    expect(values(messages)).toEqual(['aborted', 'committed']);
  });

  it('when the group offsets are fetched, then only the committed transaction moved them (sendOffsets is part of the transaction)', async () => {
    expect(committedAfterAbort).toBe('-1');
    expect(await groupOffset()).toBe('1');
  });
});
