import { type Conversation } from '@callfold/contracts';
import { type LocatedEvent } from '@callfold/clickhouse';
import { type DecodedItem } from '@callfold/kafka';
import { type SkipReason, type WriterItem } from './writer-item';

/**
 * Message -> row decisions, pure: which decoded messages of a partition batch become
 * `call_events` rows or projections, and what is skipped. The batch writer only adds I/O.
 */
export type Item = DecodedItem<WriterItem>;

/** The distinct conversations the batch's events belong to, in first-seen order. */
export function conversationIdsOf(items: readonly Item[]): string[] {
  const ids = new Set<string>();
  for (const { decoded } of items) if (decoded.kind === 'event') ids.add(decoded.event.conversationId);
  return [...ids];
}

/**
 * The `call_events` rows of some messages, each with its Kafka coordinates; events of a
 * conversation already erased are dropped (counted), so a lagging events partition cannot
 * bring back rows an erasure deleted.
 */
export function eventRowsOf(items: readonly Item[], erased: ReadonlySet<string>): { located: LocatedEvent[]; dropped: number } {
  const located: LocatedEvent[] = [];
  let dropped = 0;
  for (const { message, decoded } of items) {
    if (decoded.kind !== 'event') continue;
    if (erased.has(decoded.event.conversationId)) dropped += 1;
    else located.push({ event: decoded.event, at: { partition: message.partition, offset: message.offset } });
  }
  return { located, dropped };
}

/** The projections of some messages, in offset order (the sink builds rows for the highest version of each only). */
export function conversationsOf(items: readonly Item[]): Conversation[] {
  const out: Conversation[] = [];
  for (const { decoded } of items) if (decoded.kind === 'conversation') out.push(decoded.conversation);
  return out;
}

export interface SkippedMessage {
  readonly offset: string;
  readonly reason: SkipReason;
  readonly detail: string;
}

export interface BatchTally {
  readonly events: number;
  readonly conversations: number;
  readonly tombstones: number;
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
  /** Every skipped message, in offset order. */
  readonly skippedMessages: readonly SkippedMessage[];
}

export function tallyBatch(items: readonly Item[]): BatchTally {
  let events = 0;
  let conversations = 0;
  let tombstones = 0;
  const skipped: Partial<Record<SkipReason, number>> = {};
  const skippedMessages: SkippedMessage[] = [];
  for (const { message, decoded } of items) {
    switch (decoded.kind) {
      case 'event':
        events += 1;
        break;
      case 'conversation':
        conversations += 1;
        break;
      case 'tombstone':
        tombstones += 1;
        break;
      case 'skipped':
        skipped[decoded.reason] = (skipped[decoded.reason] ?? 0) + 1;
        skippedMessages.push({ offset: message.offset, reason: decoded.reason, detail: decoded.detail });
        break;
    }
  }
  return { events, conversations, tombstones, skipped, skippedMessages };
}
