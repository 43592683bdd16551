/** Test support: events, framed messages and a registry double over the real contract codec. */
import { type CallEvent, type CallEventOf, createCallEventReader, encodeCallEvent, standaloneSchema } from '@callfold/contracts';
import { type InboundMessage } from '../kafka.port';
import { type CallEventReader, type ReaderResult } from '../schema-registry';
import { frame } from '../wire-format';

export const CALL_EVENT_SCHEMA_ID = 1;

export function queued(overrides: Partial<CallEventOf<'Queued'>> = {}, priority = 3): CallEventOf<'Queued'> {
  return {
    eventId: 'evt-1',
    conversationId: 'conv-1',
    occurredAt: 1_718_010_915_123,
    sequence: 4,
    source: { system: 'acd', vendor: 'genesys', node: null },
    type: 'Queued',
    payload: { queueId: 'billing-en', priority, teamId: null },
    ...overrides,
  };
}

export function framedEvent(event: CallEvent, schemaId = CALL_EVENT_SCHEMA_ID): Buffer {
  return frame(schemaId, encodeCallEvent(event));
}

export function message(value: Buffer | null, key: string | Buffer | null = 'conv-1', offset = '0'): InboundMessage {
  return {
    topic: 'callfold.call-events.v1',
    partition: 0,
    offset,
    key: typeof key === 'string' ? Buffer.from(key) : key,
    value,
    headers: { 'trace-id': 'abc' },
    timestamp: '1718010915200',
  };
}

/** A registry lookup knowing only `schemas` (id -> standalone writer schema), counting its calls. */
export function fakeReaderLookup(schemas: Readonly<Record<number, string>> = { [CALL_EVENT_SCHEMA_ID]: standaloneSchema('CallEvent') }) {
  const calls: number[] = [];
  const lookup = async (schemaId: number): Promise<ReaderResult<CallEventReader>> => {
    calls.push(schemaId);
    const schema = schemas[schemaId];
    if (schema === undefined) return { ok: false, schemaId, detail: `schema id ${schemaId} is not in the registry` };
    return { ok: true, schemaId, reader: createCallEventReader(schema) };
  };
  return { lookup, calls };
}
