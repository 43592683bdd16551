import { type CallEvent } from '@callfold/contracts';
import { toDateTime64 } from './clickhouse-time';

/** Where an event was read from; kept on the row for audits and rebuild checks. */
export interface KafkaCoordinates {
  readonly partition: number;
  /** int64 as a decimal string, as Kafka clients report it. */
  readonly offset: string;
}

/** A `call_events` row (deploy/clickhouse/migrations/0001_call_events.sql). */
export function callEventRow(event: CallEvent, at: KafkaCoordinates) {
  return {
    event_id: event.eventId,
    conversation_id: event.conversationId,
    occurred_at: toDateTime64(event.occurredAt),
    sequence: event.sequence,
    type: event.type,
    source_system: event.source.system,
    source_vendor: event.source.vendor,
    source_node: event.source.node,
    payload: JSON.stringify(event.payload),
    kafka_partition: at.partition,
    kafka_offset: at.offset,
  };
}

export type CallEventRow = ReturnType<typeof callEventRow>;
