import { UndecodableError } from './avro-reader';
import { callEventType } from './avro-types';
import { decodeCallEvent, encodeCallEvent } from './call-event.codec';
import { parseCallEventJson, toCallEventJson } from './call-event.validation';
import { decodeConversation, encodeConversation } from './conversation.codec';
import { decodeDeadLetter, encodeDeadLetter } from './dead-letter.codec';
import { EventType, type CallEvent, type CallEventOf, type Conversation, type DeadLetter } from './generated/v1';
import { loadExamples } from './testing/contract-examples.fixture';

function parsed(text: string): CallEvent {
  const result = parseCallEventJson(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.event;
}

const queued: CallEventOf<'Queued'> = {
  eventId: 'evt-1',
  conversationId: 'conv-1',
  occurredAt: 1718010915123,
  sequence: null,
  source: { system: 'acd', vendor: null, node: null },
  type: 'Queued',
  payload: { queueId: 'billing-en', priority: 3, teamId: null },
};

describe('CallEvent codec', () => {
  const examples = loadExamples();

  it('has one example per event type', () => {
    // given the committed examples, when listing their types, then they are exactly the event types
    expect(examples.map((e) => e.type)).toEqual([...EventType].sort());
  });

  it.each(examples.map((e) => [e.type, e.text] as const))('round-trips the %s example through Avro', (_type, text) => {
    // given a valid example event
    const event = parsed(text);
    // when encoding it and decoding the bytes
    const decoded = decodeCallEvent(encodeCallEvent(event));
    // then the same event comes back, in the TS form, and as the same JSON
    expect(decoded).toEqual(event);
    expect(toCallEventJson(decoded)).toBe(toCallEventJson(event));
  });

  it('writes the payload as the union branch named by the event type', () => {
    // given a Queued event, when encoding it and decoding with avsc directly
    const raw = callEventType.fromBuffer(encodeCallEvent(queued)) as { payload: Record<string, unknown> };
    // then the payload is avsc's wrapped branch callfold.v1.Queued
    expect(Object.keys(raw.payload)).toEqual(['callfold.v1.Queued']);
  });

  it('decodes nullable fields to plain values and nulls, with the type next to the payload', () => {
    // given a Queued event with a null sequence and teamId, when it round-trips
    const decoded = decodeCallEvent(encodeCallEvent(queued));
    // then nullable fields are plain (not { string: ... }) and type/payload are unwrapped
    expect(decoded).toEqual(queued);
    expect(Object.keys(decoded)).toEqual(['eventId', 'conversationId', 'occurredAt', 'sequence', 'source', 'type', 'payload']);
  });

  it('encodes a typical event in under 80 bytes', () => {
    // given a typical event, when encoding it, then the body stays compact (no field names on the wire)
    expect(encodeCallEvent({ ...queued, sequence: 4, payload: { ...queued.payload, teamId: 'team-billing' } }).length).toBeLessThan(80);
  });

  it('refuses to encode an unknown event type', () => {
    // given an event whose type is not in the schema, when encoding, then it throws naming the type
    const bogus = { ...queued, type: 'Teleported' } as unknown as CallEvent;
    expect(() => encodeCallEvent(bogus)).toThrow('unknown event type "Teleported"');
  });

  it('refuses to encode a payload that does not fit its record', () => {
    // given a Queued payload without its required queueId, when encoding, then it throws with context
    const bogus = { ...queued, payload: { priority: 3, teamId: null } } as unknown as CallEvent;
    expect(() => encodeCallEvent(bogus)).toThrow(/cannot encode Queued event evt-1/);
  });

  it.each([
    ['a truncated body', (b: Buffer) => b.subarray(0, b.length - 3), /truncated buffer/],
    ['trailing bytes', (b: Buffer) => Buffer.concat([b, Buffer.from([0])]), /trailing data/],
    ['an unknown union index', (b: Buffer) => Buffer.concat([b.subarray(0, b.indexOf(Buffer.from('billing-en')) - 2), Buffer.from([0x7e])]), /invalid union index/],
  ])('reports %s as UndecodableError', (_name, corrupt, reason) => {
    // given a corrupted body, when decoding, then UndecodableError explains why
    const bytes = corrupt(encodeCallEvent(queued));
    expect(() => decodeCallEvent(bytes)).toThrow(UndecodableError);
    expect(() => decodeCallEvent(bytes)).toThrow(reason);
  });
});

describe('Conversation and DeadLetter codecs', () => {
  it('round-trips a conversation, filling fields with defaults on write', () => {
    // given a conversation with only the fields that have no default
    const minimal = { conversationId: 'conv-1', version: 3, phase: 'QUEUED' } as unknown as Conversation;
    // when encoding and decoding it
    const decoded = decodeConversation(encodeConversation(minimal));
    // then the defaults of the schema are filled in
    expect(decoded).toMatchObject({ conversationId: 'conv-1', version: 3, phase: 'QUEUED', erased: false, seen: [], clocks: {}, queueEntries: 0, direction: null });
    const full: Conversation = { ...decoded, tags: [{ key: 'language', value: 'da' }], clocks: { queue: { at: 1718010915123, seq: 4 } }, priority: 3 };
    expect(decodeConversation(encodeConversation(full))).toEqual(full);
  });

  it('round-trips a dead letter with its original bytes', () => {
    // given a dead letter carrying key and value bytes
    const deadLetter: DeadLetter = {
      reason: 'INVALID_EVENT',
      detail: 'payload.priority: 9 is outside 1..8',
      topic: 'callfold.call-events.v1',
      partition: 7,
      offset: '9007199254740993',
      key: Buffer.from('conv-1'),
      value: Buffer.from([0, 0, 0, 0, 1, 2, 3]),
      headers: { 'content-type': 'avro' },
      messageTimestamp: 1718010915123,
      deadLetteredAt: 1718010916000,
      service: 'projector',
      schemaId: 1,
      eventId: 'evt-1',
      conversationId: 'conv-1',
    };
    // when it round-trips, then every field, bytes included, comes back
    expect(decodeDeadLetter(encodeDeadLetter(deadLetter))).toEqual(deadLetter);
  });
});
