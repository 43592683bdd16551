import { type Conversation, type Direction, type Sentiment } from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { detailedOutcome } from './detailed-outcome.vocabulary';
import { wasHandedOff } from './hand-off.facts';

/**
 * Seed 000: the AI phone "Operator" conversation record. Field names as the product shows them:
 * `Direction`, `Status`, `Transferred`, `Sentiment`.
 */
export const OperatorStatus = ['queued', 'in-progress', 'completed', 'failed', 'busy', 'no-answer', 'voicemail'] as const;
export type OperatorStatus = (typeof OperatorStatus)[number];

export const OperatorDirection = ['inbound', 'outbound'] as const;
export type OperatorDirection = (typeof OperatorDirection)[number];

export const OperatorSentiment = [
  'not-applicable',
  'overly-negative',
  'negative',
  'neutral',
  'positive',
  'overly-positive',
] as const;
export type OperatorSentiment = (typeof OperatorSentiment)[number];

export interface OperatorConversation {
  readonly id: string;
  readonly direction: OperatorDirection | null;
  readonly status: OperatorStatus;
  readonly transferred: boolean;
  readonly sentiment: OperatorSentiment | null;
}

export function toOperatorConversation(c: Conversation): OperatorConversation {
  return {
    id: c.conversationId,
    direction: operatorDirection(c.direction),
    status: operatorStatus(c),
    transferred: operatorTransferred(c),
    sentiment: operatorSentiment(c.sentiment),
  };
}

/** `Direction`: inbound = initiated by the customer, outbound = initiated by the Operator. */
export function operatorDirection(direction: Direction | null): OperatorDirection | null {
  switch (direction) {
    case null:
      return null;
    case 'INBOUND':
      return 'inbound';
    case 'OUTBOUND':
      return 'outbound';
    default:
      return assertNever(direction);
  }
}

/**
 * `Status`. Live: `queued` until an agent (the Operator, or a human) starts talking with the
 * customer, then `in-progress` (outbound calls stay queued "until the call is dialed and customer
 * picks up"). Over: from the detailed outcome. `completed` covers every ending in which somebody
 * hung up or the customer was transferred, including calls that never reached an agent (the
 * customer or the system hung up); `failed` is a technical failure; `busy` / `no-answer` /
 * `voicemail` are outbound dial results only (the detailed outcome yields them for outbound only).
 */
export function operatorStatus(c: Conversation): OperatorStatus {
  const outcome = detailedOutcome(c);
  switch (outcome) {
    case 'InProgress':
      return c.connectedAt === null ? 'queued' : 'in-progress';
    case 'Failed':
      return 'failed';
    case 'Busy':
      return 'busy';
    case 'NoAnswer':
      return 'no-answer';
    case 'Voicemail':
      return 'voicemail';
    case 'VoicemailReceived':
      return c.direction === 'OUTBOUND' ? 'voicemail' : 'completed';
    case 'Completed':
    case 'Transferred':
    case 'Deflected':
    case 'QueueTimeout':
    case 'AssignmentFailed':
    case 'Abandoned':
    case 'IvrDrop':
      return 'completed';
    default:
      return assertNever(outcome);
  }
}

/**
 * `Transferred`: the call was handed to another party (a live transfer, a supervisor Enqueue to
 * the human queue, or a supervisor take-over never handed back), at any time.
 */
export function operatorTransferred(c: Conversation): boolean {
  return wasHandedOff(c);
}

/** `Sentiment`: the six levels; null until post-call analysis has run. */
export function operatorSentiment(sentiment: Sentiment | null): OperatorSentiment | null {
  switch (sentiment) {
    case null:
      return null;
    case 'NOT_APPLICABLE':
      return 'not-applicable';
    case 'OVERLY_NEGATIVE':
      return 'overly-negative';
    case 'NEGATIVE':
      return 'negative';
    case 'NEUTRAL':
      return 'neutral';
    case 'POSITIVE':
      return 'positive';
    case 'OVERLY_POSITIVE':
      return 'overly-positive';
    default:
      return assertNever(sentiment);
  }
}
