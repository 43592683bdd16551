import { createHash } from 'node:crypto';
import { type CallEvent, type Conversation, type DeadLetterReason } from '@callfold/contracts';
import { dialogueTableRow, type DialogueTableRow, type LocatedEvent } from '@callfold/clickhouse';
import { type ConversationState, evolve, ImpossibleTransitionError, initialState, type ThresholdPolicy, toDialogueRow } from '@callfold/domain';
import { type DecodedCallEvent } from '@callfold/kafka';

/**
 * The pure part of `rebuild`: fold every decoded message of a topic into one projection per
 * conversation (in memory), cut the accepted events into chunks with deterministic insert tokens,
 * and derive what must be written and what ClickHouse must then hold. No I/O here.
 */
export interface DecodedMessage {
  readonly partition: number;
  /** int64 decimal string. */
  readonly offset: string;
  readonly decoded: DecodedCallEvent;
}

export interface FoldCounts {
  readonly messages: number;
  /** Events that changed a projection. */
  readonly folded: number;
  /** Redelivered events (an eventId already folded): nothing to write. */
  readonly duplicates: number;
  /** Messages that are not a foldable event, by dead-letter reason: counted, never written. */
  readonly bad: Readonly<Partial<Record<DeadLetterReason, number>>>;
}

export function badTotal(counts: FoldCounts): number {
  return Object.values(counts.bad).reduce((sum, n) => sum + (n ?? 0), 0);
}

export class RebuildFold {
  private readonly states = new Map<string, { readonly partition: number; state: ConversationState }>();
  private readonly bad: Partial<Record<DeadLetterReason, number>> = {};
  private messages = 0;
  private folded = 0;
  private duplicates = 0;

  /** Folds one message; returns the event to write to `call_events`, or null (bad or duplicate). */
  add(message: DecodedMessage): LocatedEvent | null {
    this.messages += 1;
    const { decoded } = message;
    if (!decoded.ok) {
      this.countBad(decoded.reason);
      return null;
    }
    const event: CallEvent = decoded.event;
    const entry = this.states.get(event.conversationId);
    const before = entry?.state ?? initialState();
    let after: ConversationState;
    try {
      after = evolve(before, event);
    } catch (error) {
      if (error instanceof ImpossibleTransitionError) {
        this.countBad('IMPOSSIBLE_TRANSITION');
        return null;
      }
      throw error;
    }
    if (after === before) {
      this.duplicates += 1;
      return null;
    }
    this.folded += 1;
    if (entry) entry.state = after;
    else this.states.set(event.conversationId, { partition: message.partition, state: after });
    return { event, at: { partition: message.partition, offset: message.offset } };
  }

  counts(): FoldCounts {
    return { messages: this.messages, folded: this.folded, duplicates: this.duplicates, bad: { ...this.bad } };
  }

  /** Projections by partition (the partition of each conversation's first event), sorted by id. */
  conversationsByPartition(): Map<number, Conversation[]> {
    const out = new Map<number, Conversation[]>();
    for (const { partition, state } of this.states.values()) {
      if (state.status === 'empty') continue;
      const list = out.get(partition) ?? [];
      list.push(state.conversation);
      out.set(partition, list);
    }
    for (const list of out.values()) list.sort((a, b) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0));
    return out;
  }

  private countBad(reason: DeadLetterReason): void {
    this.bad[reason] = (this.bad[reason] ?? 0) + 1;
  }
}

/** Short, stable digest of a threshold policy: part of every conversation token, so a new policy is never deduplicated away. */
export function thresholdsFingerprint(policy: ThresholdPolicy): string {
  const canonical = JSON.stringify({ defaults: policy.defaults, rules: policy.rules });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

/** `rebuild:<source>:<partition>:<end offset>:t<thresholds>:c<chunk>`; the sink appends `:conversations` / `:dialogues`. */
export function conversationToken(source: string, partition: number, endOffset: string, fingerprint: string, chunk: number): string {
  return `rebuild:${source}:${partition}:${endOffset}:t${fingerprint}:c${chunk}`;
}

/** `rebuild:<source>:<partition>:<from>-<to>` (offsets, `to` exclusive); the sink appends `:events`. */
export function eventsToken(source: string, partition: number, from: string, to: string): string {
  return `rebuild:${source}:${partition}:${from}-${to}`;
}

export interface EventChunk {
  readonly partition: number;
  readonly token: string;
  readonly events: readonly LocatedEvent[];
}

/**
 * Cuts each partition's events into offset ranges aligned on `size` ([0, size), [size, 2 size)
 * ...), so the same topic always gives the same chunks and tokens: a range is emitted once a
 * later range starts (it is then complete), the last one at `finish` with the partition's end
 * offset as its upper bound. Memory: at most one range per partition.
 */
export class EventChunker {
  private readonly open = new Map<number, { index: bigint; events: LocatedEvent[] }>();

  constructor(
    private readonly source: string,
    private readonly size: number,
  ) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  }

  /** Adds an event (offsets ascending per partition); returns the range it completed, if any. */
  add(event: LocatedEvent): EventChunk | null {
    const { partition } = event.at;
    const index = BigInt(event.at.offset) / BigInt(this.size);
    const current = this.open.get(partition);
    if (current && current.index === index) {
      current.events.push(event);
      return null;
    }
    this.open.set(partition, { index, events: [event] });
    if (!current) return null;
    const from = current.index * BigInt(this.size);
    return { partition, token: eventsToken(this.source, partition, from.toString(), (from + BigInt(this.size)).toString()), events: current.events };
  }

  /** The last range of every partition, bounded by its end offset. */
  finish(endOffsets: ReadonlyMap<number, string>): EventChunk[] {
    const chunks = [...this.open].map(([partition, { index, events }]) => {
      const from = index * BigInt(this.size);
      const end = endOffsets.get(partition) ?? (BigInt(events.at(-1)?.at.offset ?? from) + 1n).toString();
      return { partition, token: eventsToken(this.source, partition, from.toString(), end), events };
    });
    this.open.clear();
    return chunks.sort((a, b) => a.partition - b.partition);
  }
}

export interface ConversationChunk {
  readonly partition: number;
  readonly token: string;
  readonly conversations: readonly Conversation[];
  /** The dialogue rows ClickHouse must hold afterwards (live conversations with a row). */
  readonly dialogues: readonly DialogueTableRow[];
  readonly live: number;
  readonly erased: number;
}

export interface ConversationPlanOptions {
  readonly source: string;
  readonly endOffsets: ReadonlyMap<number, string>;
  readonly thresholds: ThresholdPolicy;
  readonly chunkSize: number;
}

/** Splits the folded conversations into insert chunks and derives their dialogue rows under the current thresholds. */
export function planConversationWrites(byPartition: ReadonlyMap<number, readonly Conversation[]>, options: ConversationPlanOptions): ConversationChunk[] {
  const fingerprint = thresholdsFingerprint(options.thresholds);
  const chunks: ConversationChunk[] = [];
  for (const partition of [...byPartition.keys()].sort((a, b) => a - b)) {
    const all = byPartition.get(partition) ?? [];
    const end = options.endOffsets.get(partition) ?? 'end';
    for (let i = 0; i * options.chunkSize < all.length; i += 1) {
      const conversations = all.slice(i * options.chunkSize, (i + 1) * options.chunkSize);
      const dialogues = conversations.flatMap((c) => {
        if (c.erased) return [];
        const row = toDialogueRow(c, options.thresholds);
        return row === null ? [] : [dialogueTableRow(row)];
      });
      const erased = conversations.filter((c) => c.erased).length;
      chunks.push({ partition, token: conversationToken(options.source, partition, end, fingerprint, i), conversations, dialogues, live: conversations.length - erased, erased });
    }
  }
  return chunks;
}

/** The columns `rebuild` reads back to prove the rows it wrote are the ones ClickHouse serves. */
export const VERIFIED_COLUMNS = ['conversation_id', 'version', 'sla_threshold_ms', 'quick_drop_threshold_ms', 'quick_drop_clock', 'in_sla', 'quick_drop', 'outcome'] as const;

export type StoredDialogue = Readonly<Record<(typeof VERIFIED_COLUMNS)[number], unknown>>;

export interface DialogueCheck {
  readonly matching: number;
  /** A newer projection version is stored (the writer moved on since the rebuild began): fine. */
  readonly newer: number;
  /** Conversation ids whose stored row is missing or differs at the same version. */
  readonly mismatched: readonly string[];
}

const same = (stored: unknown, expected: unknown) => (stored === null || expected === null ? stored === expected : String(stored) === String(expected));

/**
 * Compares what `dialogues FINAL` serves with what the rebuild derived. A mismatch at the same
 * version means a rebuild insert was dropped, e.g. deduplicated because the same token was used
 * within the deduplication window for other data (thresholds A, then B, then A again).
 */
export function checkDialogues(expected: readonly DialogueTableRow[], stored: readonly StoredDialogue[]): DialogueCheck {
  const byId = new Map(stored.map((row) => [String(row.conversation_id), row]));
  let matching = 0;
  let newer = 0;
  const mismatched: string[] = [];
  for (const row of expected) {
    const found = byId.get(row.conversation_id);
    if (found && Number(found.version) > row.version) {
      newer += 1;
      continue;
    }
    const equal =
      found !== undefined &&
      Number(found.version) === row.version &&
      same(found.sla_threshold_ms, row.sla_threshold_ms) &&
      same(found.quick_drop_threshold_ms, row.quick_drop_threshold_ms) &&
      same(found.quick_drop_clock, row.quick_drop_clock) &&
      same(found.in_sla, row.in_sla) &&
      same(found.quick_drop, row.quick_drop) &&
      same(found.outcome, row.outcome);
    if (equal) matching += 1;
    else mismatched.push(row.conversation_id);
  }
  return { matching, newer, mismatched };
}
