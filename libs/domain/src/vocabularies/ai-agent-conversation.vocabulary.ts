import { type Channel, type Conversation, type FunctionCall, type Tag } from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { detailedOutcome } from './detailed-outcome.vocabulary';
import { elapsedMs, timelineOf, utcDateOf } from './timeline.facts';

/**
 * Seed 002: the AI-agent platform's conversations table and details view. Column names as the
 * product shows them: `ID`, `Flow`, `Platform`, `Contact`, `Status`, `Duration`, `Last Message`,
 * `Date`, `Flagged`, `Functions`, `Tags`; details add `Contact ID`, `Start/End Times`, `Sentiment`
 * (emotions), `Summary`, `Analysis`.
 */
export const AiAgentStatus = ['Completed', 'Abandoned', 'Failed', 'Transferred'] as const;
export type AiAgentStatus = (typeof AiAgentStatus)[number];

export const AiAgentPlatform = ['Phone', 'Web'] as const;
export type AiAgentPlatform = (typeof AiAgentPlatform)[number];

export interface AiAgentConversation {
  readonly id: string;
  readonly flow: string | null;
  readonly platform: AiAgentPlatform | null;
  readonly contact: string | null;
  readonly contactId: string | null;
  readonly status: AiAgentStatus | null;
  /** `Duration`: total length, start to disconnect, in ms; null while live. */
  readonly durationMs: number | null;
  /** `Last Message`: epoch ms of the most recent message; null when none was exchanged. */
  readonly lastMessageAt: number | null;
  /** `Date`: UTC start date, YYYY-MM-DD. */
  readonly date: string | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  /** `Flagged` (🚩): set by the AI review agent or a person, and not cleared since. */
  readonly flagged: boolean;
  /** `Functions`: every function the AI agent executed, with parameters and output, by time. */
  readonly functions: readonly FunctionCall[];
  /**
   * `Tags`: call reason, language, issue and function outputs, as the source labelled them
   * (TagsAdded); function outputs the source did not tag are under `functions`.
   */
  readonly tags: readonly Tag[];
  readonly emotions: readonly string[];
  readonly summary: string | null;
  readonly analysis: string | null;
}

export function toAiAgentConversation(c: Conversation): AiAgentConversation {
  const timeline = timelineOf(c);
  return {
    id: c.conversationId,
    flow: c.flow,
    platform: aiAgentPlatform(c.channel),
    contact: c.contact,
    contactId: c.customerId,
    status: aiAgentStatus(c),
    durationMs: timeline === null ? null : elapsedMs(timeline.start, timeline.end),
    lastMessageAt: c.lastMessageAt,
    date: timeline === null ? null : utcDateOf(timeline.start),
    startedAt: timeline?.start ?? null,
    endedAt: timeline?.end ?? null,
    flagged: c.reviewFlagged === true,
    functions: c.functions,
    tags: c.tags,
    emotions: c.emotions,
    summary: c.summary,
    analysis: c.analysis,
  };
}

/**
 * `Status`, null while the conversation is live (the four values are endings):
 * - Completed: an agent (the AI agent or a human) handled it to the end, or the customer left a voicemail;
 * - Transferred: handed off (transfer, supervisor Enqueue or take-over never handed back);
 * - Abandoned: the customer left before any agent took the conversation (IVR or queue). A customer
 *   hanging up on a connected AI agent is Completed: events carry no "flow finished" signal, so
 *   "prematurely" cannot be judged;
 * - Failed: technical failure, or unsuccessful "for other reasons": deflected, queue timeout, no
 *   agent available, and outbound calls that reached nobody (busy, no answer, voicemail).
 */
export function aiAgentStatus(c: Conversation): AiAgentStatus | null {
  const outcome = detailedOutcome(c);
  switch (outcome) {
    case 'InProgress':
      return null;
    case 'Completed':
    case 'VoicemailReceived':
      return 'Completed';
    case 'Transferred':
      return 'Transferred';
    case 'Abandoned':
    case 'IvrDrop':
      return 'Abandoned';
    case 'Failed':
    case 'Busy':
    case 'NoAnswer':
    case 'Voicemail':
    case 'Deflected':
    case 'QueueTimeout':
    case 'AssignmentFailed':
      return 'Failed';
    default:
      return assertNever(outcome);
  }
}

/** `Platform`: Phone for phone-number media (voice, SMS, WhatsApp), Web for web and app chat. */
export function aiAgentPlatform(channel: Channel | null): AiAgentPlatform | null {
  switch (channel) {
    case null:
      return null;
    case 'VOICE':
    case 'SMS':
    case 'WHATSAPP':
      return 'Phone';
    case 'CHAT':
    case 'WEB':
      return 'Web';
    default:
      return assertNever(channel);
  }
}
