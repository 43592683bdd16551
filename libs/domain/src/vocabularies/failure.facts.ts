import { type Conversation } from '@callfold/contracts';

/**
 * A recorded technical failure was followed by an agent connection: CCAI's "recovered" (failed
 * earlier, retried, completed). The projection keeps only the FIRST connection times, so a
 * reconnection after a mid-call failure is seen through either of them or through a participant
 * record of an agent (human or virtual) joining after the failure.
 */
export function recoveredFromFailure(c: Conversation): boolean {
  const { failedAt } = c;
  if (failedAt === null) return false;
  const after = (at: number | null): boolean => at !== null && at > failedAt;
  return (
    after(c.connectedAt) ||
    after(c.humanConnectedAt) ||
    c.participants.some((p) => (p.role === 'AGENT' || p.role === 'VIRTUAL_AGENT') && p.joinedAt > failedAt)
  );
}

/** A technical failure that nothing recovered from: the conversation failed. */
export function failedForGood(c: Conversation): boolean {
  return c.failedAt !== null && !recoveredFromFailure(c);
}
