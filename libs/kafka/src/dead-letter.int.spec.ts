import { decodeDeadLetter, type DeadLetter, standaloneSchema, Subjects } from '@callfold/contracts';
import { createBatchConsumer } from './batch-consumer';
import { createCallEventDecoder, type DecodedCallEvent, splitDecoded } from './call-event.decoder';
import { createDeadLetterPublisher } from './dead-letter';
import { callEventRegistry, committedOffsets, createTopics, describeWithStack, intStack, readTopic, uniqueName, waitFor } from './testing/int-stack';
import { framedEvent, queued } from './testing/call-events.fixture';
import { unframe } from './wire-format';

describeWithStack('poison messages (real Kafka and registry)', () => {
  const stack = intStack();
  const registry = callEventRegistry(stack);

  it('given garbage, an unknown schema id and an out-of-range priority between good events, when consumed, then each lands on the dead-letter topic with its reason and bytes, and the partition moves on', async () => {
    const input = uniqueName('events');
    const deadLetters = uniqueName('dead-letters');
    const groupId = uniqueName('poison');
    await createTopics(stack.client, [input, deadLetters]);
    const id = await registry.register(Subjects.callEvent, standaloneSchema('CallEvent'));
    const garbage = Buffer.from('definitely not avro');
    const unknownSchema = framedEvent(queued({ eventId: 'evt-unknown' }), 99_999);
    const badPriority = framedEvent(queued({ eventId: 'evt-bad' }, 9), id);
    const producer = stack.client.producer();
    await producer.connect();
    await producer.send(input, [
      { key: 'conv-1', value: framedEvent(queued({ eventId: 'evt-good-1' }), id) },
      { key: 'conv-1', value: garbage, headers: { origin: 'fuzzer' } },
      { key: 'conv-1', value: unknownSchema },
      { key: 'conv-1', value: badPriority },
      { key: 'conv-1', value: framedEvent(queued({ eventId: 'evt-good-2' }), id) },
    ]);
    const publisher = createDeadLetterPublisher({ producer, registry, service: 'it-poison', topic: deadLetters, logger: stack.logger });
    const decoder = createCallEventDecoder((schemaId) => registry.readerFor(schemaId));
    const accepted: string[] = [];
    const consumer = createBatchConsumer<DecodedCallEvent>({
      client: stack.client,
      groupId,
      topics: [input],
      fromBeginning: true,
      logger: stack.logger,
      decode: (messages) => decoder.decodeBatch(messages),
      handle: async (batch) => {
        const split = splitDecoded(batch.items);
        await publisher.publish(split.rejected.map(({ message, decoded }) => ({ message, cause: decoded })));
        accepted.push(...split.accepted.map((a) => a.decoded.event.eventId));
      },
    });

    try {
      await consumer.start();
      await waitFor('the last good event', () => accepted.includes('evt-good-2'));
      await waitFor('the commit past it', async () => (await committedOffsets(stack.client, groupId, input))[0] === '5');
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
    const letters = (await readTopic(stack.client, deadLetters, 3)).map((m) => {
      const framed = unframe(m.value!);
      return { key: m.key?.toString(), letter: framed.ok ? decodeDeadLetter(framed.body) : undefined };
    });

    expect(accepted).toEqual(['evt-good-1', 'evt-good-2']);
    expect(letters.map((l) => [l.letter?.reason, l.letter?.offset, l.key])).toEqual([
      ['UNDECODABLE', '1', 'conv-1'],
      ['UNKNOWN_SCHEMA', '2', 'conv-1'],
      ['INVALID_EVENT', '3', 'conv-1'],
    ]);
    const [undecodable, unknown, invalid] = letters.map((l) => l.letter as DeadLetter);
    expect(undecodable!.value).toEqual(garbage);
    expect(undecodable!.headers).toEqual({ origin: 'fuzzer' });
    expect(unknown!.value).toEqual(unknownSchema);
    expect(unknown!.schemaId).toBe(99_999);
    expect(invalid!.value).toEqual(badPriority);
    expect(invalid).toMatchObject({ topic: input, partition: 0, service: 'it-poison', schemaId: id, eventId: 'evt-bad', conversationId: 'conv-1' });
    expect(invalid!.detail).toMatch(/payload\.priority/);
  });
});
