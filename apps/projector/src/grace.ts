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
