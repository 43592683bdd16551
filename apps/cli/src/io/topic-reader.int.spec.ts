import { randomUUID } from 'node:crypto';
import { createKafkaClient, type InboundMessage, kafkaSettingsFromEnv, type KafkaClient } from '@callfold/kafka';
import { describeWithService } from '@callfold/testing';
import { readTopicToEnd } from './topic-reader';

// The one-shot topic read behind `rebuild` and `dlq inspect`, on the real broker: where the end
// offsets are real records, and where they are transaction markers Kafka never delivers.
async function createTopic(client: KafkaClient, partitions: number): Promise<string> {
  const topic = `it.cli.reader.${randomUUID().slice(0, 8)}`;
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics([{ topic, partitions }]);
  } finally {
    await admin.disconnect();
  }
  return topic;
}

describeWithService('kafka', 'readTopicToEnd (real Kafka)', () => {
  const client = createKafkaClient(kafkaSettingsFromEnv());

  it('given records on three partitions, when read, then every record below the start end offsets arrives once and later ones are left out', async () => {
    const topic = await createTopic(client, 3);
    const producer = client.producer();
    await producer.connect();
    await producer.send(topic, ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((key, i) => ({ key, value: Buffer.from(String(i)), partition: i % 3 })));
    const seen: InboundMessage[] = [];

    const report = await readTopicToEnd({
      client,
      topic,
      groupPrefix: 'it.cli.reader',
      onMessages: async (_partition, messages) => {
        seen.push(...messages);
        if (seen.length === 1) await producer.send(topic, [{ key: 'late', value: Buffer.from('late'), partition: 0 }]);
      },
    });
    await producer.disconnect();

    expect(seen.map((m) => m.value?.toString()).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(report.messages).toBe(7);
    expect(report.partitions).toEqual([
      { partition: 0, endOffset: '3', readUpTo: '3', complete: true },
      { partition: 1, endOffset: '2', readUpTo: '2', complete: true },
      { partition: 2, endOffset: '2', readUpTo: '2', complete: true },
    ]);
  });

  it('given a committed transaction and then an aborted one at the end, when read, then only the committed records arrive and the read completes at the end offset, though Kafka never delivers the markers', async () => {
    const topic = await createTopic(client, 1);
    const producer = client.transactionalProducer({ transactionalId: `it.cli.reader.${randomUUID()}` });
    await producer.connect();
    const committed = await producer.transaction();
    await committed.send(topic, [{ key: 'k', value: Buffer.from('kept-1') }, { key: 'k', value: Buffer.from('kept-2') }]);
    await committed.commit();
    const aborted = await producer.transaction();
    await aborted.send(topic, [{ key: 'k', value: Buffer.from('dropped') }]);
    await aborted.abort();
    await producer.disconnect();
    const seen: string[] = [];

    const report = await readTopicToEnd({ client, topic, groupPrefix: 'it.cli.reader', idleMs: 1_500, onMessages: (_p, messages) => void seen.push(...messages.map((m) => m.value?.toString() ?? '')) });

    expect(seen).toEqual(['kept-1', 'kept-2']);
    // kept-1, kept-2, commit marker, dropped, abort marker: the engine's empty batch for the
    // control records reaches the end offset, so the partition completes without the idle timeout.
    expect(report.partitions).toEqual([{ partition: 0, endOffset: '5', readUpTo: '2', complete: true }]);
  });
});
