import { type Conversation } from '@callfold/contracts';
import { elapsedMs } from './timeline.facts';

/**
 * Handle time in ms as seed 003 defines it ("Tempo de atendimento", handle duration): from when an
 * agent received the conversation, including the pre-call work of preview campaigns, until the end
 * of wrap-up.
 * - received: the first agent connection (human or virtual); for a preview campaign, the earliest
 *   of the offer of the record to the agent, the dial, the connecting and the connection, because
 *   the agent works on the previewed record before dialing.
 * - end: the end of wrap-up; a conversation without wrap-up ends at the disconnect. Null while the
 *   conversation is live or still in wrap-up, and when no agent ever received it.
 */
export function handleMs(c: Conversation): number | null {
  const to = c.wrapUpEndedAt ?? (c.wrapUpStartedAt === null ? c.endedAt : null);
  return elapsedMs(handleStart(c), to);
}

function handleStart(c: Conversation): number | null {
  const preview = c.dialMode === 'PREVIEW' || c.previewState !== null;
  if (!preview) return c.connectedAt;
  const times = [c.assignedAt, c.dialingAt, c.connectingAt, c.connectedAt].filter((t): t is number => t !== null);
  return times.length === 0 ? null : Math.min(...times);
}

/** Wrap-up (after-call work) in ms; null until both its start and end are known. */
export function wrapUpMs(c: Conversation): number | null {
  return elapsedMs(c.wrapUpStartedAt, c.wrapUpEndedAt);
}
