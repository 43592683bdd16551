import { type CallEvent, type DeadLetterReason } from '@callfold/contracts';
import { type ImpossibleTransitionCode } from '@callfold/domain';
import { deriveSeed, Prng } from '../random/prng';

/**
 * Labelled bad inputs for pipeline tests: each says which dead-letter reason callfold must give.
 * Events are plain objects in the JSON form; the Kafka layer turns them into messages.
 */

/** A bad event (or a good one with a bad key), as a plain JSON-form object. */
export interface PoisonEvent {
  readonly kind: 'event';
  /** `<group>/<what>`, stable: tests refer to it. */
  readonly label: string;
  readonly description: string;
  /** The Kafka key to send it with; null = no key. */
  readonly key: string | null;
  readonly value: Readonly<Record<string, unknown>>;
  readonly expectedReason: DeadLetterReason;
  /** Path of the validation issue, when the reason is INVALID_EVENT. */
  readonly expectedPath: string | null;
  /**
   * Whether the value can be written as Avro binary at all. An unknown enum symbol, an unknown
   * event type or a missing field cannot: on the topic such a producer bug shows up as bytes that
   * do not decode (UNDECODABLE), so the Kafka layer should send those through the JSON path
   * (replay) or craft the bytes itself.
   */
  readonly avroEncodable: boolean;
}

/** Bytes that are not a well-formed message value. */
export interface PoisonBytes {
  readonly kind: 'bytes';
  readonly label: string;
  readonly description: string;
  readonly key: string | null;
  readonly bytes: Uint8Array;
  readonly expectedReason: DeadLetterReason;
}

/**
 * Input the reducer itself refuses (ImpossibleTransitionError), for reducer and projector tests:
 * fold `history`, then `event` must throw `code`. Contract validation stops an INVALID_EVENT_TIME
 * event first, so on the topic only CONVERSATION_MISMATCH can reach the reducer, and only when a
 * restored projection is paired with another conversation's event.
 */
export interface ImpossibleTransitionCase {
  readonly label: string;
  readonly description: string;
  readonly history: readonly CallEvent[];
  readonly event: Readonly<Record<string, unknown>>;
  readonly code: ImpossibleTransitionCode;
}

export interface PoisonOptions {
  readonly seed?: number;
  readonly startAt?: number;
  readonly conversationId?: string;
  readonly eventIdPrefix?: string;
}

interface Base {
  readonly conversationId: string;
  readonly at: number;
  readonly id: (name: string) => string;
}

function baseOf(options: PoisonOptions): Base {
  const tag = ((options.seed ?? 1) >>> 0).toString(16).padStart(8, '0');
  const conversationId = options.conversationId ?? `conv-poison-${tag}`;
  const prefix = options.eventIdPrefix ?? 'evt-poison-';
  return { conversationId, at: options.startAt ?? Date.UTC(2026, 2, 9, 8, 0, 0), id: (name) => `${prefix}${tag}-${name}` };
}

const ACD = { system: 'acd', vendor: 'genesys', node: 'acd-eu-1' } as const;

/** A valid Queued event; poison variants override one part of it. */
function queued(base: Base, name: string): Record<string, unknown> {
  return {
    eventId: base.id(name),
    conversationId: base.conversationId,
    occurredAt: base.at,
    sequence: 1001,
    source: ACD,
    type: 'Queued',
    payload: { queueId: 'q-billing-en', priority: 3, teamId: 'team-billing-en' },
  };
}

function invalid(label: string, description: string, value: Record<string, unknown>, expectedPath: string, avroEncodable: boolean, key: string): PoisonEvent {
  return { kind: 'event', label, description, key, value, expectedReason: 'INVALID_EVENT', expectedPath, avroEncodable };
}

/** Bad events and bad keys, each labelled with the dead-letter reason callfold must give. */
export function poisonEvents(options: PoisonOptions = {}): readonly PoisonEvent[] {
  const base = baseOf(options);
  const key = base.conversationId;
  const withPayload = (name: string, type: string, payload: Record<string, unknown>): Record<string, unknown> => ({ ...queued(base, name), type, payload });
  const { queueId: _dropped, ...withoutQueueId } = queued(base, 'x')['payload'] as Record<string, unknown>;
  return [
    invalid('invalid/priority-out-of-range', 'Queued with priority 9 (the range is 1..8).', { ...queued(base, 'priority'), payload: { queueId: 'q-billing-en', priority: 9, teamId: null } }, 'payload.priority', true, key),
    invalid('invalid/empty-event-id', 'An event whose eventId is the empty string.', { ...queued(base, 'empty-id'), eventId: '' }, 'eventId', true, key),
    invalid(
      'invalid/unknown-enum-symbol',
      'SessionCreated with channel "FAX", not a Channel symbol.',
      withPayload('enum', 'SessionCreated', { direction: 'INBOUND', channel: 'FAX', sessionType: 'VOICE_INBOUND_PSTN', flow: null, customerId: null, customerName: null, contact: null, companyNumber: null, orderNumber: null }),
      'payload.channel',
      false,
      key,
    ),
    invalid('invalid/csat-out-of-range', 'CsatReceived with score 11 (the range is 1..10).', withPayload('csat', 'CsatReceived', { score: 11, scaleMax: 10, comment: null }), 'payload.score', true, key),
    invalid('invalid/parameters-not-json', 'FunctionExecuted whose parametersJson is not JSON.', withPayload('json', 'FunctionExecuted', { name: 'lookup_account', parametersJson: '{x', outputJson: null, succeeded: true }), 'payload.parametersJson', true, key),
    invalid('invalid/ticket-url-relative', 'TicketLinked with a relative ticketUrl.', withPayload('url', 'TicketLinked', { ticketId: 'TCK-1', ticketUrl: 'crm/cases/1' }), 'payload.ticketUrl', true, key),
    invalid('invalid/unknown-event-type', 'An event of type "CallParked", which the contract does not define.', withPayload('type', 'CallParked', {}), 'type', false, key),
    invalid('invalid/missing-required-field', 'Queued without its required queueId.', { ...queued(base, 'missing'), payload: withoutQueueId }, 'payload.queueId', false, key),
    invalid('invalid/unsafe-sequence', 'sequence 2^53: not a safe integer, so no order can be derived from it.', { ...queued(base, 'sequence'), sequence: 2 ** 53 }, 'sequence', false, key),
    { kind: 'event', label: 'key/missing', description: 'A valid event sent without a key.', key: null, value: queued(base, 'no-key'), expectedReason: 'MISSING_KEY', expectedPath: null, avroEncodable: true },
    {
      kind: 'event',
      label: 'key/mismatch',
      description: "A valid event keyed by another conversation's id.",
      key: `${base.conversationId}-other`,
      value: queued(base, 'other-key'),
      expectedReason: 'KEY_MISMATCH',
      expectedPath: null,
      avroEncodable: true,
    },
  ];
}

function bytes(label: string, description: string, key: string | null, content: Uint8Array, expectedReason: DeadLetterReason = 'UNDECODABLE'): PoisonBytes {
  return { kind: 'bytes', label, description, key, bytes: content, expectedReason };
}

/** Magic byte 0 and a big-endian schema id: the Confluent wire-format header. */
function header(schemaId: number): number[] {
  return [0, (schemaId >>> 24) & 0xff, (schemaId >>> 16) & 0xff, (schemaId >>> 8) & 0xff, schemaId & 0xff];
}

/**
 * Raw message values that are not a decodable CallEvent. With `schemaId` (the id the registry
 * gave the CallEvent schema) one more case is added: a correct header followed by garbage.
 */
export function poisonBytes(options: PoisonOptions & { readonly schemaId?: number } = {}): readonly PoisonBytes[] {
  const base = baseOf(options);
  const key = base.conversationId;
  const rng = new Prng(deriveSeed(options.seed ?? 1, 0x0bad));
  const garbage = (n: number): number[] => Array.from({ length: n }, () => rng.int(0, 255));
  const random = garbage(64);
  random[0] = rng.int(1, 255);
  const cases = [
    bytes('bytes/empty', 'A zero-length value.', key, new Uint8Array(0)),
    bytes('bytes/json-not-avro', 'The JSON form sent as the value: no magic byte.', key, new TextEncoder().encode(JSON.stringify(queued(base, 'json-bytes')))),
    bytes('bytes/truncated-header', 'Magic byte and half a schema id.', key, Uint8Array.from([0, 0, 1])),
    bytes('bytes/random', '64 random bytes that do not start with the magic byte.', key, Uint8Array.from(random)),
    bytes('bytes/unknown-schema-id', 'A well-formed header naming a schema id the registry never issued.', key, Uint8Array.from([...header(0x7ffffff0), ...garbage(32)]), 'UNKNOWN_SCHEMA'),
  ];
  if (options.schemaId !== undefined) {
    // 0xff bytes read as never-ending varints: the body cannot decode with any writer schema.
    cases.push(bytes('bytes/garbage-body', 'The right header, then a body that is not Avro for the CallEvent schema.', key, Uint8Array.from([...header(options.schemaId), ...Array.from({ length: 24 }, () => 0xff)])));
  }
  return cases;
}

/** Inputs the reducer refuses whatever the order (see ImpossibleTransitionCase). */
export function impossibleTransitions(options: PoisonOptions = {}): readonly ImpossibleTransitionCase[] {
  const base = baseOf(options);
  const history = [queued(base, 'history-1') as unknown as CallEvent];
  return [
    {
      label: 'impossible/conversation-mismatch',
      description: "A valid event of another conversation folded into this conversation's state.",
      history,
      event: { ...queued(base, 'stranger'), conversationId: `${base.conversationId}-stranger` },
      code: 'CONVERSATION_MISMATCH',
    },
    {
      label: 'impossible/unsafe-event-time',
      description: 'occurredAt beyond 2^53: no event order can be derived from it.',
      history,
      event: { ...queued(base, 'time'), occurredAt: 2 ** 53 + 2 },
      code: 'INVALID_EVENT_TIME',
    },
  ];
}
