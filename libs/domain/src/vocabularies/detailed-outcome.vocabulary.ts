import { type Conversation, type DialResult } from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { failedForGood } from './failure.facts';
import { firstHandOffFrom, wasHandedOff } from './hand-off.facts';

/**
 * callfold's own outcome vocabulary: how a conversation ended, finer than seed 004's three-value
 * Outcome. Every seed vocabulary that speaks about endings is derived from it, so the products
 * never disagree with each other. Listed as: endings of accepted conversations, endings of
 * never-accepted ones, then InProgress (the precedence is on detailedOutcome).
 */
export const DetailedOutcome = [
  'Failed',
  'Transferred',
  'Completed',
  'VoicemailReceived',
  'Voicemail',
  'Busy',
  'NoAnswer',
  'Deflected',
  'QueueTimeout',
  'AssignmentFailed',
  'Abandoned',
  'IvrDrop',
  'InProgress',
] as const;
export type DetailedOutcome = (typeof DetailedOutcome)[number];

/**
 * The detailed outcome. A conversation is over at its disconnect (endedAt); before that it is
 * InProgress, whatever else is known.
 *
 * Accepted (an agent, human or virtual, connected):
 *   Failed (a failure nothing recovered from) > Transferred (a hand-off at or after the
 *   acceptance: transfer, supervisor Enqueue, take-over never handed back) > Completed.
 * Never accepted:
 *   VoicemailReceived > Voicemail / Busy / NoAnswer (an outbound dial result) > Failed >
 *   Deflected > Transferred (sent elsewhere before any agent took it) > QueueTimeout >
 *   AssignmentFailed > Abandoned (queued, left without a routing exit) > NoAnswer (outbound that
 *   reached nobody, without a dial result) > IvrDrop (inbound, ended before any queue).
 */
export function detailedOutcome(c: Conversation): DetailedOutcome {
  if (c.endedAt === null) return 'InProgress';
  if (c.connectedAt !== null) return acceptedOutcome(c, c.connectedAt);
  if (c.voicemailReceivedAt !== null) return 'VoicemailReceived';
  const dialed = outboundDialOutcome(c);
  if (dialed !== null) return dialed;
  if (c.failedAt !== null) return 'Failed';
  if (c.deflectionReason !== null) return 'Deflected';
  if (wasHandedOff(c)) return 'Transferred';
  if (c.queueTimedOutAt !== null) return 'QueueTimeout';
  if (c.assignmentFailedAt !== null) return 'AssignmentFailed';
  if (c.queuedAt !== null) return 'Abandoned';
  return c.direction === 'OUTBOUND' ? 'NoAnswer' : 'IvrDrop';
}

function acceptedOutcome(c: Conversation, acceptedAt: number): DetailedOutcome {
  if (failedForGood(c)) return 'Failed';
  if (firstHandOffFrom(c, acceptedAt) !== null) return 'Transferred';
  return 'Completed';
}

/** A dial result only describes outbound attempts (DialAttemptEnded: "an outbound attempt reached no person"). */
function outboundDialOutcome(c: Conversation): 'Voicemail' | 'Busy' | 'NoAnswer' | null {
  if (c.direction !== 'OUTBOUND' || c.dialResult === null) return null;
  return dialOutcome(c.dialResult);
}

function dialOutcome(result: DialResult): 'Voicemail' | 'Busy' | 'NoAnswer' {
  switch (result) {
    case 'VOICEMAIL':
      return 'Voicemail';
    case 'BUSY':
      return 'Busy';
    case 'NO_ANSWER':
      return 'NoAnswer';
    default:
      return assertNever(result);
  }
}

/** Whether an agent (human or virtual) ever connected with the customer. */
export function wasAccepted(c: Conversation): boolean {
  return c.connectedAt !== null;
}
