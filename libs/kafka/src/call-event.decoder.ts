import { type CallEvent, type DeadLetterReason, formatIssues, validateCallEvent } from '@callfold/contracts';
import { type InboundMessage } from './kafka.port';
import { type CallEventReader, type ReaderResult } from './schema-registry';
import { unframe } from './wire-format';

/**
 * One Kafka message of the call-events topic -> a CallEvent, or the reason it must be
 * dead-lettered. Every check a message can fail is here, in the order a consumer meets them:
 * framing, writer schema, Avro body, key, contract rules. A rejection is final (the same
 * bytes would fail again); only a transient registry failure throws, so the batch is retried
 * instead of dead-lettering good messages while the registry is down.
 */
export type DecodedCallEvent = { readonly ok: true; readonly event: CallEvent; readonly schemaId: number } | Rejection;

export interface Rejection {
  readonly ok: false;
  readonly reason: DeadLetterReason;
  readonly detail: string;
  /** What was learned before the failure, for the dead letter. */
  readonly schemaId: number | null;
  readonly eventId: string | null;
  readonly conversationId: string | null;
}

/** The registry as the decoder sees it: the only dependency, faked in unit tests. */
export type ReaderLookup = (schemaId: number) => Promise<ReaderResult<CallEventReader>>;

function reject(reason: DeadLetterReason, detail: string, known: Partial<Pick<Rejection, 'schemaId' | 'eventId' | 'conversationId'>> = {}): Rejection {
  return { ok: false, reason, detail, schemaId: known.schemaId ?? null, eventId: known.eventId ?? null, conversationId: known.conversationId ?? null };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The synchronous part, once the message's writer schema is resolved. Exported for tests and benchmarks. */
export function decodeWithReader(message: InboundMessage, lookup: ReaderResult<CallEventReader>, body: Buffer): DecodedCallEvent {
  const schemaId = lookup.schemaId;
  if (!lookup.ok) return reject('UNKNOWN_SCHEMA', lookup.detail, { schemaId });
  let event: CallEvent;
  try {
    event = lookup.reader(body);
  } catch (error) {
    return reject('UNDECODABLE', `Avro body of schema id ${schemaId} does not decode: ${messageOf(error)}`, { schemaId });
  }
  const known = { schemaId, eventId: event.eventId, conversationId: event.conversationId };
  if (message.key === null || message.key.length === 0) {
    return reject('MISSING_KEY', `message has no key; the key must be the conversationId "${event.conversationId}"`, known);
  }
  const key = message.key.toString('utf8');
  if (key !== event.conversationId) {
    return reject('KEY_MISMATCH', `key "${key}" differs from conversationId "${event.conversationId}": the event would be folded on the wrong partition`, known);
  }
  const validation = validateCallEvent(event);
  if (!validation.ok) return reject('INVALID_EVENT', formatIssues(validation.errors), known);
  return { ok: true, event, schemaId };
}

export interface CallEventDecoder {
  decode(message: InboundMessage): Promise<DecodedCallEvent>;
  /** Decodes a batch with one registry lookup per distinct schema id; results in message order. */
  decodeBatch(messages: readonly InboundMessage[]): Promise<DecodedCallEvent[]>;
}

export function createCallEventDecoder(readerFor: ReaderLookup): CallEventDecoder {
  async function decodeBatch(messages: readonly InboundMessage[]): Promise<DecodedCallEvent[]> {
    const framed = messages.map((message) => (message.value === null ? ({ ok: false, detail: 'message has no value (a tombstone)' } as const) : unframe(message.value)));
    const ids = new Set<number>();
    for (const f of framed) if (f.ok) ids.add(f.schemaId);
    const lookups = new Map<number, ReaderResult<CallEventReader>>();
    await Promise.all([...ids].map(async (id) => lookups.set(id, await readerFor(id))));
    return messages.map((message, i) => {
      const f = framed[i];
      if (!f?.ok) return reject('UNDECODABLE', f?.detail ?? 'no value');
      return decodeWithReader(message, lookups.get(f.schemaId) as ReaderResult<CallEventReader>, f.body);
    });
  }
  return {
    decodeBatch,
    decode: async (message) => (await decodeBatch([message]))[0] as DecodedCallEvent,
  };
}

/** The accepted events and the rejected messages of a decoded batch, each in offset order. */
export function splitDecoded<M extends { readonly decoded: DecodedCallEvent }>(items: readonly M[]): { accepted: (M & { decoded: { ok: true } })[]; rejected: (M & { decoded: Rejection })[] } {
  const accepted: (M & { decoded: { ok: true } })[] = [];
  const rejected: (M & { decoded: Rejection })[] = [];
  for (const item of items) {
    if (item.decoded.ok) accepted.push(item as M & { decoded: { ok: true } });
    else rejected.push(item as M & { decoded: Rejection });
  }
  return { accepted, rejected };
}
