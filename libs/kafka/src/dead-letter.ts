import { type DeadLetter, type DeadLetterReason, encodeDeadLetter, standaloneSchema, Subjects, Topics } from '@callfold/contracts';
import { createSilentLogger, type Logger } from './logger';
import { type InboundMessage, type OutboundRecord, type RecordSender } from './kafka.port';
import { type SchemaRegistry } from './schema-registry';
import { frame } from './wire-format';

/**
 * Dead letters: a message callfold cannot process is kept whole (original key, value and
 * headers, byte for byte) with where it came from and why, on its own topic, so the partition
 * keeps moving and nothing is lost silently. Publishing one is part of processing its batch:
 * if it fails, the batch fails and is retried; it is never dropped.
 */
export interface DeadLetterCause {
  readonly reason: DeadLetterReason;
  readonly detail: string;
  readonly schemaId?: number | null;
  readonly eventId?: string | null;
  readonly conversationId?: string | null;
}

export interface DeadLetterContext {
  /** Which callfold service dead-letters, e.g. `projector`. */
  readonly service: string;
  readonly now?: () => number;
}

/** Header on the dead-letter record itself, so tools can filter by reason without decoding. */
export const DEAD_LETTER_REASON_HEADER = 'callfold-dead-letter-reason';

function timestampOf(message: InboundMessage): number | null {
  const ms = Number(message.timestamp);
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : null;
}

export function buildDeadLetter(message: InboundMessage, cause: DeadLetterCause, context: DeadLetterContext): DeadLetter {
  return {
    reason: cause.reason,
    detail: cause.detail,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: { ...message.headers },
    messageTimestamp: timestampOf(message),
    deadLetteredAt: (context.now ?? Date.now)(),
    service: context.service,
    schemaId: cause.schemaId ?? null,
    eventId: cause.eventId ?? null,
    conversationId: cause.conversationId ?? null,
  };
}

export interface DeadLetterPublisherOptions extends DeadLetterContext {
  /** Where dead letters go by default: a producer (or pass a transaction to publish()). */
  readonly producer: RecordSender;
  readonly registry: Pick<SchemaRegistry<unknown>, 'register'>;
  readonly topic?: string;
  readonly subject?: string;
  readonly logger?: Logger;
}

export interface DeadLetterPublisher {
  /** The Avro-encoded, wire-framed record of one dead letter, keyed by the original key. */
  toRecord(message: InboundMessage, cause: DeadLetterCause): Promise<OutboundRecord>;
  /** Sends the dead letters, through `via` if given (a transaction), else the producer. Throws if not written. */
  publish(items: readonly { readonly message: InboundMessage; readonly cause: DeadLetterCause }[], via?: RecordSender): Promise<void>;
}

export function createDeadLetterPublisher(options: DeadLetterPublisherOptions): DeadLetterPublisher {
  const topic = options.topic ?? Topics.deadLetters;
  const subject = options.subject ?? Subjects.deadLetter;
  const schema = standaloneSchema('DeadLetter');
  const logger = (options.logger ?? createSilentLogger()).child('dead-letters');

  async function toRecord(message: InboundMessage, cause: DeadLetterCause): Promise<OutboundRecord> {
    const schemaId = await options.registry.register(subject, schema);
    const letter = buildDeadLetter(message, cause, options);
    return {
      key: message.key,
      value: frame(schemaId, encodeDeadLetter(letter)),
      headers: { [DEAD_LETTER_REASON_HEADER]: cause.reason },
    };
  }

  return {
    toRecord,
    async publish(items, via) {
      if (items.length === 0) return;
      const records = await Promise.all(items.map(({ message, cause }) => toRecord(message, cause)));
      await (via ?? options.producer).send(topic, records);
      for (const { message, cause } of items) {
        logger.warn('message dead-lettered', { topic: message.topic, partition: message.partition, offset: message.offset, reason: cause.reason, detail: cause.detail });
      }
    },
  };
}
