/** Unit-test support: decoded items, partition batches and a sink that records what it was given. */
import { type CallEvent, type Conversation } from '@callfold/contracts';
import { type LocatedEvent } from '@callfold/clickhouse';
import { emptyConversation } from '@callfold/domain';
import { type DecodedItem, type InboundMessage, type PartitionBatch } from '@callfold/kafka';
import { type WriterItem } from '../writer-item';

export const EVENTS = 'callfold.call-events.v1';
export const CONVERSATIONS = 'callfold.conversations.v1';
export const TOPICS = { callEvents: EVENTS, conversations: CONVERSATIONS } as const;

export function event(eventId: string, conversationId = 'conv-1'): CallEvent {
  return {
    eventId,
    conversationId,
    occurredAt: 1_772_442_845_120,
    sequence: null,
    source: { system: 'pbx', vendor: null, node: null },
    type: 'Queued',
    payload: { queueId: 'q-billing', priority: 5, teamId: null },
  };
}

export function projection(conversationId: string, version: number, erased = false): Conversation {
  return { ...emptyConversation(conversationId), version, erased, erasedAt: erased ? 1_772_442_900_000 : null };
}

export function inbound(topic: string, partition: number, offset: string, value: Buffer | null = Buffer.from('x'), key: string | null = 'conv-1'): InboundMessage {
  return { topic, partition, offset, key: key === null ? null : Buffer.from(key), value, headers: {}, timestamp: '1772442845200' };
}

export function batchOf(topic: string, partition: number, entries: readonly [offset: string, decoded: WriterItem][], attempt = 1): PartitionBatch<WriterItem> {
  const items: DecodedItem<WriterItem>[] = entries.map(([offset, decoded]) => ({ message: inbound(topic, partition, offset), decoded }));
  return {
    topic,
    partition,
    items,
    firstOffset: entries[0]?.[0] ?? '0',
    lastOffset: entries[entries.length - 1]?.[0] ?? '0',
    attempt,
    signal: new AbortController().signal,
  };
}

/** An erasure filter answering from a fixed list, recording what it was asked and told. */
export function fixedErasures(erased: readonly string[] = []) {
  const lookups: string[][] = [];
  const remembered: string[] = [];
  return {
    lookups,
    remembered,
    async erasedAmong(ids: readonly string[]): Promise<ReadonlySet<string>> {
      lookups.push([...ids]);
      return new Set(ids.filter((id) => erased.includes(id) || remembered.includes(id)));
    },
    remember(ids: readonly string[]): void {
      remembered.push(...ids);
    },
  };
}

export const ev = (eventId: string, conversationId = 'conv-1'): WriterItem => ({ kind: 'event', event: event(eventId, conversationId) });
export const conv = (conversationId: string, version: number, erased = false): WriterItem => ({ kind: 'conversation', conversation: projection(conversationId, version, erased) });

export interface SinkCall {
  readonly table: 'events' | 'conversations';
  readonly token: string;
  readonly ids: readonly string[];
}

/** A sink recording each write (ids: event ids at offsets, or conversation@version); `failures` writes throw first. */
export function recordingSink(failures = 0) {
  const calls: SinkCall[] = [];
  let toFail = failures;
  const failIfDue = () => {
    if (toFail > 0) {
      toFail -= 1;
      throw new Error('ClickHouse is down');
    }
  };
  return {
    calls,
    async writeEvents(events: readonly LocatedEvent[], token: string): Promise<number> {
      failIfDue();
      calls.push({ table: 'events', token, ids: events.map((e) => `${e.event.eventId}@${e.at.partition}:${e.at.offset}`) });
      return events.length;
    },
    async writeConversations(conversations: readonly Conversation[], token: string): Promise<{ written: number; erased: number; erasedIds: string[] }> {
      failIfDue();
      calls.push({ table: 'conversations', token, ids: conversations.map((c) => `${c.conversationId}@${c.version}`) });
      const erasedIds = [...new Set(conversations.filter((c) => c.erased).map((c) => c.conversationId))];
      return { written: new Set(conversations.filter((c) => !c.erased).map((c) => c.conversationId)).size, erased: erasedIds.length, erasedIds };
    },
  };
}
