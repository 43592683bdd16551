import { type Conversation } from '@callfold/contracts';

/**
 * The moments the conversation was handed to another party: every transfer (to an agent, a queue
 * or an external number), every supervisor "Enqueue" to the human queue, and a supervisor "Take
 * over" that was never handed back (seed 002: a supervisor taking the call for good is a hand-off
 * to a human; a take-over followed by "hand back" is only an interruption). Sorted.
 */
export function handOffTimes(c: Conversation): number[] {
  const times = c.transfers.map((t) => t.at);
  let openTakeOver: number | null = null;
  for (const action of c.supervisorActions) {
    if (action.action === 'ENQUEUE_HUMAN') times.push(action.at);
    if (action.action === 'TAKE_OVER') openTakeOver = openTakeOver ?? action.at;
    if (action.action === 'HAND_BACK') openTakeOver = null;
  }
  if (openTakeOver !== null) times.push(openTakeOver);
  return times.sort((a, b) => a - b);
}

/** The first hand-off at or after `from`, or null. */
export function firstHandOffFrom(c: Conversation, from: number): number | null {
  return handOffTimes(c).find((at) => at >= from) ?? null;
}

/** Whether the conversation was ever handed to another party (see handOffTimes). */
export function wasHandedOff(c: Conversation): boolean {
  return handOffTimes(c).length > 0;
}

/**
 * Whether the first queue entry was caused by a hand-off after the initial agent took the
 * conversation (a transfer, a supervisor "Enqueue", or a requeue after the agent failed), rather
 * than by the initial routing. Only meaningful when the queue entry is later than the acceptance.
 */
export function queuedByHandOff(c: Conversation): boolean {
  const { queuedAt, connectedAt } = c;
  if (queuedAt === null || connectedAt === null) return false;
  if (c.requeues > 0) return true;
  return handOffTimes(c).some((at) => at >= connectedAt && at <= queuedAt);
}
