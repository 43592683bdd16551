import { type Conversation } from '@callfold/contracts';
import { queuedByHandOff } from './hand-off.facts';

/**
 * A dialogue's milestones in lifecycle order, start <= queueEnter <= accept <= end, so that every
 * duration between them is non-negative by construction (no clamping of the durations themselves).
 * Event times come from different emitters (PBX, ACD, dialer, AI platform) whose clocks can
 * disagree by a few milliseconds; the ordering rules below say which fact wins.
 */
export interface Timeline {
  /**
   * When the dialogue was received on the platform: SessionCreated's time, moved earlier only when
   * an emitter's clock stamped the queue entry, the connection or the disconnect before it (nothing
   * in a dialogue happens before its start). Other events (post-call analysis, CRM links) never
   * move it, so one bad clock outside the call path cannot stretch the session.
   */
  readonly start: number;
  /**
   * The first queue entry that belongs to the initial routing, or null when the dialogue reached
   * its initial agent without a queue (direct to agent, outbound, AI agent answering) or was never
   * queued. A first queue entry later than the acceptance counts as initial routing (clamped to the
   * acceptance: clock skew) unless a hand-off after the acceptance explains it.
   */
  readonly queueEnter: number | null;
  /** First connection with an agent, human or virtual (the initial agent accepted). */
  readonly accept: number | null;
  /** Disconnect, never earlier than queueEnter or accept; null while the conversation is live. */
  readonly end: number | null;
}

/** The ordered timeline, or null when the conversation has no start (no SessionCreated yet). */
export function timelineOf(c: Conversation): Timeline | null {
  if (c.createdAt === null) return null;
  const start = Math.min(c.createdAt, ...known(c.queuedAt, c.connectedAt, c.endedAt));
  const accept = c.connectedAt;
  const queueEnter = initialQueueEntry(c);
  const end = c.endedAt === null ? null : Math.max(c.endedAt, ...known(queueEnter, accept));
  return { start, queueEnter, accept, end };
}

function initialQueueEntry(c: Conversation): number | null {
  if (c.queuedAt === null) return null;
  if (c.connectedAt === null || c.queuedAt <= c.connectedAt) return c.queuedAt;
  return queuedByHandOff(c) ? null : c.connectedAt;
}

/**
 * Milliseconds from `from` to `to`; null when either is unknown. A span whose end precedes its
 * start (two emitters' clocks disagreeing, e.g. wrap-up end stamped before wrap-up start) counts
 * as 0 rather than negative: the only clamp in callfold's durations.
 */
export function elapsedMs(from: number | null, to: number | null): number | null {
  if (from === null || to === null) return null;
  return Math.max(0, to - from);
}

function known(...times: readonly (number | null)[]): number[] {
  return times.filter((t): t is number => t !== null);
}

/** The UTC calendar date (YYYY-MM-DD) of an epoch-ms instant; views convert to local zones. */
export function utcDateOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
