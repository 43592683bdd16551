/** Test support: fixture events, decoded batch items and partition states for the projector's specs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CallEvent, type CallEventOf, type Conversation, encodeConversation, parseCallEventJson } from '@callfold/contracts';
import { type DecodedCallEvent, type InboundMessage } from '@callfold/kafka';
import { type ConversationState, foldEvents } from '@callfold/domain';
import { type BatchItem } from '../batch-projection';
import { type GracePolicy } from '../grace';
import { PartitionState, storedOf } from '../state-store';

/** test/fixtures at the repository root. */
export const FIXTURE_DIR = join(__dirname, '../../../../test/fixtures');

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const POLICY: GracePolicy = { graceMs: HOUR, maxFutureSkewMs: 5 * MINUTE, evictedMemoryMs: 7 * DAY };

/** A fixture's events in file (arrival) order, through the contract's JSON reader. */
export function fixtureEvents(name: string): CallEvent[] {
  return readFileSync(join(FIXTURE_DIR, `${name}.ndjson`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = parseCallEventJson(line);
      if (!parsed.ok) throw new Error(`${name}.ndjson line ${i + 1} is invalid`);
      return parsed.event;
    });
}

/**
 * The answered call of late-csat-sentiment.ndjson (SessionCreated .. Ended, 5 events) moved to
 * `conversationId`, starting at `startAt`, with event ids derived from the conversation id.
 * Ended comes 3 minutes after the start.
 */
export function answeredCall(conversationId: string, startAt: number): CallEvent[] {
  const events = fixtureEvents('late-csat-sentiment').slice(0, 5);
  const origin = (events[0] as CallEvent).occurredAt;
  return events.map((e, i) => ({ ...e, conversationId, eventId: `${conversationId}-${i}`, occurredAt: startAt + (e.occurredAt - origin) }));
}

/** The answered call without its Ended: a live conversation. */
export function liveCall(conversationId: string, startAt: number): CallEvent[] {
  return answeredCall(conversationId, startAt).slice(0, 4);
}

export function tagsAdded(conversationId: string, occurredAt: number, eventId = `${conversationId}-tags-${occurredAt}`): CallEventOf<'TagsAdded'> {
  return {
    eventId,
    conversationId,
    occurredAt,
    sequence: null,
    source: { system: 'crm', vendor: 'test', node: null },
    type: 'TagsAdded',
    payload: { tags: [{ key: 'topic', value: 'billing' }] },
  } as CallEventOf<'TagsAdded'>;
}

export function erasureRequested(conversationId: string, occurredAt: number): CallEvent {
  const erasure = fixtureEvents('erasure').find((e) => e.type === 'ErasureRequested') as CallEvent;
  return { ...erasure, conversationId, eventId: `${conversationId}-erasure-${occurredAt}`, occurredAt };
}

export function message(event: Pick<CallEvent, 'conversationId'> | null, offset: number, timestamp: number | null = null, partition = 0): InboundMessage {
  return {
    topic: 'callfold.call-events.v1',
    partition,
    offset: String(offset),
    key: event ? Buffer.from(event.conversationId) : null,
    value: Buffer.from('framed bytes'),
    headers: {},
    timestamp: timestamp === null ? '-1' : String(timestamp),
  };
}

/** Accepted items, offsets from `firstOffset`; the record timestamp is the event time unless given. */
export function items(events: readonly CallEvent[], firstOffset = 0, recordTimestamp?: number): BatchItem[] {
  return events.map((event, i) => ({ message: message(event, firstOffset + i, recordTimestamp ?? event.occurredAt), decoded: { ok: true, event, schemaId: 1 } as DecodedCallEvent }));
}

export function rejectedItem(offset: number, reason: 'UNDECODABLE' | 'KEY_MISMATCH', detail: string): BatchItem {
  return { message: message(null, offset), decoded: { ok: false, reason, detail, schemaId: null, eventId: null, conversationId: null } };
}

export function conversationOf(state: ConversationState | null | undefined): Conversation {
  if (!state || state.status === 'empty') throw new Error('no conversation');
  return state.conversation;
}

/** A partition state holding the given conversations (as folded from their events) and watermark. */
export function partitionWith(conversations: Readonly<Record<string, readonly CallEvent[]>>, watermark: number | null = null, partition = 0): PartitionState {
  const state = new PartitionState(partition);
  for (const [id, events] of Object.entries(conversations)) state.entries.set(id, storedOf(encodeConversation(conversationOf(foldEvents(events)))));
  state.watermark = watermark;
  return state;
}

/** The partition's entries as plain data, for equality checks. */
export function snapshotOf(state: PartitionState): { entries: [string, string][]; watermark: number | null; closingBelowInfinity: string[] } {
  return { entries: [...state.entries].sort(([a], [b]) => (a < b ? -1 : 1)), watermark: state.watermark, closingBelowInfinity: state.closing.below(Number.MAX_SAFE_INTEGER).sort() };
}
