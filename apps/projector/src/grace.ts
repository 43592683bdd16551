import { type CallEvent } from '@callfold/contracts';
import { type InboundMessage } from '@callfold/kafka';
import { type ConversationState } from '@callfold/domain';

/**
 * The grace-period rules (docs/projector.md, "Grace period and closing"), pure. Time here is
 * event time: a partition's watermark is the greatest `occurredAt` folded on it, so replays and
 * rebuilds decide exactly as the live run did, whatever the wall clock says.
 */
export interface GracePolicy {
  /** How long (event time) a closed conversation stays in the live state after its last activity. */
  readonly graceMs: number;
  /**
   * How far past its Kafka record timestamp an event's `occurredAt` may move the watermark. One
   * event stamped in the far future would otherwise close every conversation of the partition
   * and turn every later event into a late one.
   */
  readonly maxFutureSkewMs: number;
  /**
   * How long (event time, after its eviction) an evicted conversation is remembered, so that its
   * later events are dead-lettered instead of starting a partial projection. At least graceMs.
   */
  readonly evictedMemoryMs: number;
}

/**
 * When the grace period of a closed conversation starts: its last activity (the latest of
 * `updatedAt`, `endedAt`, `wrapUpEndedAt`), or `erasedAt` once erased (an erased projection keeps
 * no other time). null while the conversation is live (status active): it is never evicted.
 */
export function closedAt(state: ConversationState): number | null {
  switch (state.status) {
    case 'ended': {
      const { updatedAt, endedAt, wrapUpEndedAt } = state.conversation;
      return Math.max(updatedAt ?? Number.MIN_SAFE_INTEGER, endedAt ?? Number.MIN_SAFE_INTEGER, wrapUpEndedAt ?? Number.MIN_SAFE_INTEGER);
    }
    case 'erased':
      // Every erased projection carries erasedAt; one without (a corrupt record) goes at once.
      return state.conversation.erasedAt ?? Number.MIN_SAFE_INTEGER;
    default:
      return null;
  }
}

/** Event time before which closed conversations are evicted and unknown ones are late; null before any event. */
export function cutoffOf(watermark: number | null, policy: GracePolicy): number | null {
  return watermark === null ? null : watermark - policy.graceMs;
}

/** A closed conversation whose grace period is over at `cutoff`. */
export function isExpired(state: ConversationState, cutoff: number | null): boolean {
  if (cutoff === null) return false;
  const at = closedAt(state);
  return at !== null && at < cutoff;
}

/**
 * The late-event rule, for an event whose conversation is NOT in the live state: older than the
 * cutoff, it belongs to a conversation already closed and evicted (or one that began beyond the
 * grace period), so folding it would start a projection missing every earlier fact. It is
 * dead-lettered instead (LATE_EVENT); `callfold rebuild` folds it with the rest. An event of a
 * conversation still in state is never late: it is applied.
 */
export function isLate(occurredAt: number, watermark: number | null, policy: GracePolicy): boolean {
  const cutoff = cutoffOf(watermark, policy);
  return cutoff !== null && occurredAt < cutoff;
}

/** Event time before which an evicted conversation is forgotten (watermark - horizon); null before any event. */
export function memoryFloorOf(watermark: number | null, policy: GracePolicy): number | null {
  return watermark === null ? null : watermark - policy.evictedMemoryMs;
}

/**
 * What to do with a (decoded) event, given where its conversation is:
 * - `fold`, `existing`: the conversation is in the live state; applied however old the event.
 * - `fold`, `new`: unknown, not remembered, not late: a new conversation.
 * - `fold`, `erasure`: an ErasureRequested for a remembered (evicted) conversation: it must take
 *   effect, so it starts an erased projection (the writer deletes by conversation id, whatever
 *   the version).
 * - `evicted`: any other event of a conversation evicted at watermark `evictedAt` (within the
 *   evicted-memory horizon): LATE_EVENT, whatever its own time, since folding it would start a
 *   projection missing every earlier fact.
 * - `late`: unknown, not remembered, older than the cutoff (the late-event rule).
 */
export type EventRoute =
  | { readonly action: 'fold'; readonly as: 'existing' | 'new' | 'erasure' }
  | { readonly action: 'evicted'; readonly evictedAt: number }
  | { readonly action: 'late'; readonly cutoff: number };

/** The fold routes, shared: routeEvent runs once per event and these carry nothing per event. */
const FOLD_EXISTING: EventRoute = Object.freeze({ action: 'fold', as: 'existing' });
const FOLD_NEW: EventRoute = Object.freeze({ action: 'fold', as: 'new' });
const FOLD_ERASURE: EventRoute = Object.freeze({ action: 'fold', as: 'erasure' });

export function routeEvent(
  event: Pick<CallEvent, 'type' | 'occurredAt'>,
  inState: boolean,
  /** EvictedMemory.evictedAt at the current memory floor: null when not remembered. */
  evictedAt: number | null,
  watermark: number | null,
  policy: GracePolicy,
): EventRoute {
  if (inState) return FOLD_EXISTING;
  // An erasure is a legal obligation, not analytics: it always takes effect, however late, and the
  // erased projection it produces makes the writer delete every row of the conversation.
  if (event.type === 'ErasureRequested') return evictedAt !== null || isLate(event.occurredAt, watermark, policy) ? FOLD_ERASURE : FOLD_NEW;
  if (evictedAt !== null) return { action: 'evicted', evictedAt };
  if (isLate(event.occurredAt, watermark, policy)) return { action: 'late', cutoff: cutoffOf(watermark, policy) as number };
  return FOLD_NEW;
}

/** The record timestamp (producer or log-append time) in epoch ms, or null when missing. */
export function recordTimestampOf(message: Pick<InboundMessage, 'timestamp'>): number | null {
  const ms = Number(message.timestamp);
  return Number.isSafeInteger(ms) && ms > 0 ? ms : null;
}

/** The watermark after folding an event: the max of event times, each capped at its record timestamp + skew. */
export function advanceWatermark(watermark: number | null, occurredAt: number, recordTimestamp: number | null, policy: GracePolicy): number {
  const bounded = recordTimestamp === null ? occurredAt : Math.min(occurredAt, recordTimestamp + policy.maxFutureSkewMs);
  return watermark === null ? bounded : Math.max(watermark, bounded);
}
