import { decodeDeadLetter, Subjects, Topics } from '@callfold/contracts';
import { buildDeadLetter, createDeadLetterPublisher, DEAD_LETTER_REASON_HEADER } from './dead-letter';
import { type OutboundRecord, type RecordSender } from './kafka.port';
import { message } from './testing/call-events.fixture';
import { unframe } from './wire-format';

const garbage = Buffer.from([0xde, 0xad, 0xbe, 0xef]);
const cause = { reason: 'UNKNOWN_SCHEMA', detail: 'schema id 99999 is not in the registry', schemaId: 99_999 } as const;

function recordingSender(fail?: Error) {
  const sent: { topic: string; records: readonly OutboundRecord[] }[] = [];
  const sender: RecordSender = {
    send: async (topic, records) => {
      if (fail) throw fail;
      sent.push({ topic, records });
    },
  };
  return { sender, sent };
}

describe('dead letters', () => {
  it('given a rejected message, when the dead letter is built, then it keeps the original bytes, place and reason', () => {
    const original = message(garbage, 'conv-9', '9007199254740993');

    const letter = buildDeadLetter(original, cause, { service: 'projector', now: () => 1_700_000_000_000 });

    expect(letter).toEqual({
      reason: 'UNKNOWN_SCHEMA',
      detail: 'schema id 99999 is not in the registry',
      topic: 'callfold.call-events.v1',
      partition: 0,
      offset: '9007199254740993',
      key: Buffer.from('conv-9'),
      value: garbage,
      headers: { 'trace-id': 'abc' },
      messageTimestamp: 1_718_010_915_200,
      deadLetteredAt: 1_700_000_000_000,
      service: 'projector',
      schemaId: 99_999,
      eventId: null,
      conversationId: null,
    });
    expect(letter.value).toBe(original.value);
  });

  it('given a message without key, value or a usable timestamp, when built, then those fields are null', () => {
    const original = { ...message(null, null), timestamp: '-1' };

    const letter = buildDeadLetter(original, { reason: 'UNDECODABLE', detail: 'no value' }, { service: 's', now: () => 1 });

    expect([letter.key, letter.value, letter.messageTimestamp, letter.schemaId]).toEqual([null, null, null, null]);
  });

  it('given a publisher, when dead letters are published, then they are Avro-framed with the registered id and keyed by the original key', async () => {
    const { sender, sent } = recordingSender();
    const registered: string[] = [];
    const registry = { register: async (subject: string) => (registered.push(subject), 42) };
    const publisher = createDeadLetterPublisher({ producer: sender, registry, service: 'projector', now: () => 5 });

    await publisher.publish([
      { message: message(garbage, 'conv-9', '3'), cause },
      { message: message(Buffer.from('x'), null, '4'), cause: { reason: 'UNDECODABLE', detail: 'bad' } },
    ]);

    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe(Topics.deadLetters);
    const [first, second] = sent[0]!.records;
    expect(first!.key).toEqual(Buffer.from('conv-9'));
    expect(second!.key).toBeNull();
    expect(first!.headers).toEqual({ [DEAD_LETTER_REASON_HEADER]: 'UNKNOWN_SCHEMA' });
    const unframed = unframe(first!.value!);
    expect(unframed.ok && unframed.schemaId).toBe(42);
    const decoded = unframed.ok ? decodeDeadLetter(unframed.body) : undefined;
    expect(decoded).toMatchObject({ reason: 'UNKNOWN_SCHEMA', offset: '3', value: garbage, service: 'projector', deadLetteredAt: 5, schemaId: 99_999 });
    expect(registered.every((s) => s === Subjects.deadLetter)).toBe(true);
  });

  it('given a transaction passed as `via`, when published, then the records go through it, not the producer', async () => {
    const producer = recordingSender();
    const transaction = recordingSender();
    const publisher = createDeadLetterPublisher({ producer: producer.sender, registry: { register: async () => 1 }, service: 's' });

    await publisher.publish([{ message: message(garbage), cause }], transaction.sender);

    expect([producer.sent.length, transaction.sent.length]).toEqual([0, 1]);
  });

  it('given a producer that fails, when published, then publish rejects (a dead letter is never dropped)', async () => {
    const { sender } = recordingSender(new Error('broker down'));
    const publisher = createDeadLetterPublisher({ producer: sender, registry: { register: async () => 1 }, service: 's' });

    await expect(publisher.publish([{ message: message(garbage), cause }])).rejects.toThrow('broker down');
  });

  it('given a registry that cannot register the schema, when published, then publish rejects', async () => {
    const { sender, sent } = recordingSender();
    const publisher = createDeadLetterPublisher({ producer: sender, registry: { register: () => Promise.reject(new Error('registry 503')) }, service: 's' });

    await expect(publisher.publish([{ message: message(garbage), cause }])).rejects.toThrow('registry 503');
    expect(sent).toEqual([]);
  });
});
