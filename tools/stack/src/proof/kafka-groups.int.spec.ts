import { describeWithService, kafkaClientConfig, serviceEnv } from '@callfold/testing';
import { type Admin, Kafka, logLevel, Partitioners, ConfigResourceTypes } from 'kafkajs';
import { batchContextOf, firstMessages, uniqueName, values } from './kafka-test.helpers';

describeWithService('kafka', 'kafkajs 2.2.4 against the Kafka broker: topics, groups, compaction, idempotence', () => {
  const kafka = new Kafka(kafkaClientConfig({ kafka: serviceEnv().kafka, clientSuffix: 'int-groups', logLevel: logLevel.NOTHING }));
  // The default partitioner is what later code uses; naming it silences kafkajs's v2 migration warning.
  const producerOptions = { createPartitioner: Partitioners.DefaultPartitioner };
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
  });

  const committedOffset = async (groupId: string, topic: string): Promise<string | undefined> => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets?.partitions.find((p) => p.partition === 0)?.offset;
  };

  it('given a new topic with three partitions, when it is created, then the broker reports three partitions', async () => {
    const topic = uniqueName('int-create');

    const created = await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });

    expect(created).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
  });

  it('given a group that committed after two messages, when a new consumer of the same group starts, then it resumes at the third', async () => {
    // given
    const topic = uniqueName('int-resume');
    const groupId = uniqueName('int-resume-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer(producerOptions);
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'm1' }, { value: 'm2' }] });
    const first = kafka.consumer({ groupId });
    await first.connect();
    await first.subscribe({ topics: [topic], fromBeginning: true });
    const firstBatch = await firstMessages(first, 2, { autoCommit: false });
    await first.commitOffsets([{ topic, partition: 0, offset: String(Number(firstBatch[1]?.offset) + 1) }]);
    await first.disconnect();
    const committedByFirst = await committedOffset(groupId, topic);

    // when
    await producer.send({ topic, messages: [{ value: 'm3' }, { value: 'm4' }] });
    const second = kafka.consumer({ groupId });
    await second.connect();
    await second.subscribe({ topics: [topic], fromBeginning: true });
    const secondBatch = await firstMessages(second, 2);
    await second.disconnect();
    await producer.disconnect();

    // then
    expect(values(firstBatch)).toEqual(['m1', 'm2']);
    expect(values(secondBatch)).toEqual(['m3', 'm4']);
    expect(committedByFirst).toBe('2');
    // The second consumer auto-commits (the default) after its batch.
    expect(await committedOffset(groupId, topic)).toBe('4');
  });

  it('given a topic created with cleanup.policy=compact, when its config is described, then the broker reports compact and refuses keyless records', async () => {
    const topic = uniqueName('int-compacted');
    await admin.createTopics({ topics: [{ topic, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }], waitForLeaders: true });

    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }] });

    expect(described.resources[0]?.configEntries).toEqual([expect.objectContaining({ configName: 'cleanup.policy', configValue: 'compact' })]);
    const producer = kafka.producer({ ...producerOptions, retry: { retries: 0 } });
    await producer.connect();
    await expect(producer.send({ topic, messages: [{ key: 'call-1', value: 'kept' }] })).resolves.toHaveLength(1);
    // Compaction keeps the latest record per key, so the broker rejects records without one.
    await expect(producer.send({ topic, messages: [{ value: 'no key' }] })).rejects.toMatchObject({ type: 'INVALID_RECORD' });
    await producer.disconnect();
  });

  it('given an idempotent producer, when it sends a batch, then the batch carries its producer id and sequence numbers', async () => {
    // given
    const topic = uniqueName('int-idempotent');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const idempotent = kafka.producer({ ...producerOptions, idempotent: true, maxInFlightRequests: 1 });
    const plain = kafka.producer(producerOptions);
    await Promise.all([idempotent.connect(), plain.connect()]);

    // when
    await idempotent.send({ topic, messages: [{ value: 'i1' }, { value: 'i2' }, { value: 'i3' }] });
    await plain.send({ topic, messages: [{ value: 'p1' }] });
    const consumer = kafka.consumer({ groupId: uniqueName('int-idempotent-group') });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const messages = await firstMessages(consumer, 4);
    await consumer.disconnect();
    await Promise.all([idempotent.disconnect(), plain.disconnect()]);

    // then
    expect(values(messages)).toEqual(['i1', 'i2', 'i3', 'p1']);
    const [stamped, , , unstamped] = messages.map(batchContextOf);
    expect(Number(stamped?.producerId)).toBeGreaterThanOrEqual(0);
    expect(stamped?.firstSequence).toBe(0);
    expect(unstamped?.producerId).toBe('-1');
  });
});
