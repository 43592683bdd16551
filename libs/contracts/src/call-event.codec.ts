/**
 * CallEvent <-> raw Avro body (no Confluent wire-format header: the Kafka layer adds the magic
 * byte and schema id). The TS form is a discriminated union `{ ...envelope, type, payload }`;
 * avsc's form wraps the payload as `{ "callfold.v1.<type>": payload }`. The conversion is
 * generic over the payload union: the branch's short name is the event type.
 */
import { type types } from 'avsc';
import { callEventPayloadType, callEventType } from './avro-types';
import { readAvro, WriterSchemaResolvers, type Decoder } from './avro-reader';
import { writeAvro } from './avro-writer';
import { type CallEvent, type CallEventEnvelope, type EventType } from './generated/v1';
import { shortName } from './schema-catalog';

/** The CallEvent as avsc reads and writes it. */
interface AvroCallEvent extends CallEventEnvelope {
  readonly payload: Readonly<Record<string, unknown>>;
}

const branchByType = new Map<string, types.RecordType>();
const typeByBranchName = new Map<string, EventType>();
for (const branch of callEventPayloadType.types) {
  const fullName = branch.name ?? '';
  branchByType.set(shortName(fullName), branch as types.RecordType);
  typeByBranchName.set(fullName, shortName(fullName) as EventType);
}

function toAvro(event: CallEvent): AvroCallEvent {
  const branch = branchByType.get(event.type);
  if (!branch) throw new Error(`cannot encode event ${event.eventId}: unknown event type "${String(event.type)}"`);
  return {
    eventId: event.eventId,
    conversationId: event.conversationId,
    occurredAt: event.occurredAt,
    sequence: event.sequence,
    source: event.source,
    payload: branch.wrap(event.payload) as Record<string, unknown>,
  };
}

/** Builds a fresh object (fixed key order, one hidden class) instead of mutating avsc's record. */
function fromAvro(record: AvroCallEvent): CallEvent {
  const wrapped = record.payload;
  const branchName = Object.keys(wrapped)[0] ?? '';
  const type = typeByBranchName.get(branchName);
  if (type === undefined) throw new Error(`decoded payload of unknown branch "${branchName}"`);
  return {
    eventId: record.eventId,
    conversationId: record.conversationId,
    occurredAt: record.occurredAt,
    sequence: record.sequence,
    source: record.source,
    type,
    payload: wrapped[branchName],
  } as CallEvent;
}

/**
 * Encodes a CallEvent to a raw Avro body. Assumes a valid event (validate at the edge with
 * `validateCallEvent`); an invalid one throws with avsc's (terse) reason.
 */
export function encodeCallEvent(event: CallEvent): Buffer {
  const avro = toAvro(event);
  try {
    return writeAvro(callEventType, avro);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot encode ${event.type} event ${event.eventId}: ${reason} (run validateCallEvent for details)`, { cause: error });
  }
}

/** Decodes a raw Avro body written with the current CallEvent schema. Throws UndecodableError. */
export function decodeCallEvent(buffer: Buffer): CallEvent {
  return fromAvro(readAvro(callEventType, buffer) as AvroCallEvent);
}

const writerResolvers = new WriterSchemaResolvers(callEventType);

/**
 * A decoder for bodies written with `writerSchema` (the standalone JSON schema the message's
 * registry id points to), reading into the current CallEvent shape: fields the writer lacked
 * get their defaults. The resolver is built once per writer schema and cached. Throws
 * IncompatibleWriterSchemaError when the current schema cannot read that writer's data (e.g. a
 * newer writer with an event type this version does not know).
 */
export function createCallEventReader(writerSchema: string): Decoder<CallEvent> {
  const decode = writerResolvers.decoder(writerSchema);
  return (buffer) => fromAvro(decode(buffer) as AvroCallEvent);
}
