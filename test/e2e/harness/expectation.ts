import { conversationRow, dialogueTableRow } from '@callfold/clickhouse';
import { type CallEvent, type Conversation, type DeadLetterReason } from '@callfold/contracts';
import { foldEvents, type ThresholdPolicy, toDialogueRow } from '@callfold/domain';
import { type KnownStream } from './known-stream';

/** What the pipeline must produce for a stream, computed in-process by the pure functions. */
export interface Expectation {
  /** Non-erased conversations: their final projection (the writer's `conversations` row source). */
  readonly conversations: ReadonlyMap<string, Conversation>;
  readonly erased: ReadonlySet<string>;
  /** `dialogues` rows as the sink writes them (toDialogueRow + dialogueTableRow), by conversation. */
  readonly dialogues: ReadonlyMap<string, Record<string, unknown>>;
  /** Distinct (conversation, event) pairs of the non-erased conversations: the `call_events` rows. */
  readonly callEvents: number;
  /** Valid messages produced (redeliveries included). */
  readonly eventMessages: number;
  readonly redeliveries: number;
  /** One entry per poison message: its label and reason, in production order. */
  readonly deadLetters: readonly { readonly label: string; readonly reason: DeadLetterReason; readonly value: Buffer }[];
}

export function expectationOf(stream: KnownStream, thresholds: ThresholdPolicy): Expectation {
  const byConversation = new Map<string, CallEvent[]>();
  const seen = new Set<string>();
  let eventMessages = 0;
  let redeliveries = 0;
  for (const m of stream.messages) {
    if (!m.event) continue;
    eventMessages += 1;
    const id = `${m.event.conversationId}\u0000${m.event.eventId}`;
    if (seen.has(id)) {
      redeliveries += 1;
      continue;
    }
    seen.add(id);
    const list = byConversation.get(m.event.conversationId);
    if (list) list.push(m.event);
    else byConversation.set(m.event.conversationId, [m.event]);
  }
  const conversations = new Map<string, Conversation>();
  const erased = new Set<string>();
  const dialogues = new Map<string, Record<string, unknown>>();
  let callEvents = 0;
  for (const [conversationId, events] of byConversation) {
    const state = foldEvents(events);
    if (state.status === 'empty') continue;
    if (state.status === 'erased') {
      erased.add(conversationId);
      continue;
    }
    callEvents += events.length;
    conversations.set(conversationId, state.conversation);
    const row = toDialogueRow(state.conversation, thresholds);
    if (row) dialogues.set(conversationId, dialogueTableRow(row));
  }
  const deadLetters = stream.poison.map((p) => ({ label: p.poison?.label ?? '?', reason: p.poison?.expectedReason ?? 'OTHER', value: p.value }));
  return { conversations, erased, dialogues, callEvents, eventMessages, redeliveries, deadLetters };
}

/** The `conversations` row the sink writes for a projection (0002_conversations.sql). */
export function expectedConversationRow(conversation: Conversation): Record<string, unknown> {
  return conversationRow(conversation);
}

/**
 * One cell as ClickHouse's JSONEachRow gives it back, for comparing with what the sink sent:
 * 64-bit integers come back as strings (output_format_json_quote_64bit_integers), smaller ones
 * as numbers, so both sides become strings; NULL stays null; arrays and tuples compare as JSON.
 */
export function cell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The columns of `row` on which `actual` differs from it, as `column: expected != actual`. */
export function rowDifferences(expected: Readonly<Record<string, unknown>>, actual: Readonly<Record<string, unknown>>, columns: readonly string[]): string[] {
  const out: string[] = [];
  for (const column of columns) {
    const e = cell(expected[column]);
    const a = cell(actual[column]);
    if (e !== a) out.push(`${column}: expected ${e} got ${a}`);
  }
  return out;
}
