import { type InboundMessage } from './kafka.port';
import { createTopics, describeWithStack, intStack, uniqueName } from './testing/int-stack';

describeWithStack('partition reader (real Kafka)', () => {
  const stack = intStack();

  it('given plain, committed and aborted records on three partitions, when two are read, then each is read to its end offset at the call, aborted records skipped, the third untouched', async () => {
    // given a topic of 3 partitions: p0 has 2 plain records then an aborted transaction, p1 a committed transaction, p2 is not asked for
    const topic = uniqueName('reader');
    await createTopics(stack.client, [topic], 3);
    const plain = stack.client.producer();
    await plain.connect();
    await plain.send(topic, [
      { key: 'a', value: Buffer.from('a1'), partition: 0 },
      { key: 'a', value: null, partition: 0 },
      { key: 'z', value: Buffer.from('z1'), partition: 2 },
    ]);
    await plain.disconnect();
    const producer = stack.client.transactionalProducer({ transactionalId: uniqueName('reader-tx') });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send(topic, [{ key: 'b', value: Buffer.from('aborted'), partition: 0 }]);
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send(topic, [
      { key: 'c', value: Buffer.from('c1'), partition: 1 },
      { key: 'c', value: Buffer.from('c2'), partition: 1 },
    ]);
    await committed.commit();
    await producer.disconnect();

    // when partitions 0 and 1 are read
    const seen: InboundMessage[] = [];
    const results = await stack.client.readPartitions({ topic, partitions: [0, 1], onBatch: (batch) => void seen.push(...batch.messages), maxWaitTimeMs: 200 });

    // then every committed record of the two partitions arrived once, in offset order per partition, and the ends include the markers
    const view = (p: number) => seen.filter((m) => m.partition === p).map((m) => `${m.key?.toString()}=${m.value?.toString() ?? 'null'}@${m.offset}`);
    expect(view(0)).toEqual(['a=a1@0', 'a=null@1']);
    expect(view(1)).toEqual(['c=c1@0', 'c=c2@1']);
    expect(view(2)).toEqual([]);
    expect(results).toEqual([
      { partition: 0, startOffset: '0', endOffset: '4', messages: 2 },
      { partition: 1, startOffset: '0', endOffset: '3', messages: 2 },
    ]);
  });

  it('given an empty partition, when read, then it resolves at once with nothing read', async () => {
    const topic = uniqueName('reader-empty');
    await createTopics(stack.client, [topic], 1);
    const seen: InboundMessage[] = [];

    const results = await stack.client.readPartitions({ topic, partitions: [0], onBatch: (batch) => void seen.push(...batch.messages) });

    expect(seen).toEqual([]);
    expect(results).toEqual([{ partition: 0, startOffset: '0', endOffset: '0', messages: 0 }]);
  });
}, { registry: false });
