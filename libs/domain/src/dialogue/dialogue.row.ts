import {
  type AnswerType,
  type Channel,
  type Conversation,
  type Direction,
  type Party,
  type SessionType,
} from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { type Anywhere365Outcome } from '../vocabularies/anywhere365-outcome.vocabulary';
import { type DetailedOutcome } from '../vocabularies/detailed-outcome.vocabulary';
import { handleMs, wrapUpMs } from '../vocabularies/handle.facts';
import { holdSummary } from '../vocabularies/hold.facts';
import { timelineOf, utcDateOf } from '../vocabularies/timeline.facts';
import { dialogueDurations, inSeconds } from './dialogue-durations';
import { type AbandonPhase, dialogueKpis } from './dialogue-kpis';
import { orderNumberOf } from './order-number';
import { type QuickDropClock, type ThresholdPolicy, thresholdsFor } from './threshold-policy';

/**
 * The analytic row: one per conversation. Seed 004's Dialogue entity (same field names) plus the
 * parts other products' KPI formulas need (Genesys, Amazon Connect, Asterisk SL/SL2, Twilio).
 * Timestamps are epoch ms, durations integer ms with the seed's `...InSec` doubles beside them.
 * docs/outcome-rules.md is the analysts' reference for every column.
 */
export interface DialogueRow {
  readonly id: string;
  readonly orderNumber: string;
  /** UTC date of startTimestamp, YYYY-MM-DD. */
  readonly startDate: string;
  readonly startTimestamp: number;
  readonly queueEnterTimestamp: number | null;
  /** Accepted by the initial agent: the first connection with an agent, human or virtual. */
  readonly acceptTimestamp: number | null;
  readonly endTimestamp: number | null;
  readonly ivrDurationInSec: number | null;
  readonly queueDurationInSec: number | null;
  readonly initialTalkDurationInSec: number | null;
  readonly sessionDurationInSec: number | null;
  readonly ivrDurationMs: number | null;
  readonly queueDurationMs: number | null;
  readonly initialTalkDurationMs: number | null;
  readonly sessionDurationMs: number | null;
  readonly ivrId: string | null;
  /** The initial queue: the queue entered before acceptance (or the one abandoned). */
  readonly queueId: string | null;
  readonly customerId: string | null;
  /** The initial agent (human or virtual). */
  readonly agentId: string | null;
  /** 1 = inbound, 2 = outbound. */
  readonly direction: 1 | 2 | null;
  readonly outcome: Anywhere365Outcome | null;
  readonly inSla: boolean | null;
  readonly quickDrop: boolean | null;
  readonly detailedOutcome: DetailedOutcome;
  readonly queued: boolean;
  /** The wait InSLA judged: queue entry to acceptance (0 without a queue), or to disconnect if abandoned. */
  readonly waitMs: number | null;
  readonly answeredWithinThreshold: boolean;
  readonly abandoned: boolean;
  readonly shortAbandoned: boolean;
  /** Abandoned through a routing exit (timeout, no agent, deflection, transfer, failure, voicemail). */
  readonly flowOut: boolean;
  /** Customer-side abandon (not a flow-out) within the SLA threshold: Asterisk SL2's numerator part. */
  readonly abandonedWithinThreshold: boolean;
  readonly abandonPhase: AbandonPhase | null;
  readonly hangupSource: Party | null;
  readonly channel: Channel | null;
  readonly sessionType: SessionType | null;
  readonly answerType: AnswerType | null;
  readonly humanAcceptTimestamp: number | null;
  readonly holdCount: number;
  readonly holdTotalMs: number;
  readonly wrapUpMs: number | null;
  readonly handleMs: number | null;
  readonly transferCount: number;
  /** Queue entries including requeues and queue transfers: count these for per-queue volumes. */
  readonly queueEntries: number;
  readonly requeues: number;
  readonly lastQueueId: string | null;
  readonly lastAgentId: string | null;
  /** The thresholds applied, copied so a row stays explainable after the configuration changes. */
  readonly slaThresholdMs: number;
  readonly quickDropThresholdMs: number;
  readonly quickDropClock: QuickDropClock;
  /** The projection version the row was derived from: the ReplacingMergeTree version column. */
  readonly version: number;
}

/**
 * The dialogue row of a conversation, or null when there is nothing to report: the conversation
 * was erased, or it has no start yet (its SessionCreated has not arrived). A pure function of the
 * projection and the policy: the same inputs always give a deep-equal row.
 */
export function toDialogueRow(conversation: Conversation, thresholds: ThresholdPolicy): DialogueRow | null {
  const c = conversation;
  const t = timelineOf(c);
  if (c.erased || t === null) return null;
  const queueId = t.queueEnter === null ? null : c.queueId;
  const applied = thresholdsFor(thresholds, queueId, c.channel);
  const durations = dialogueDurations(c, t);
  const kpis = dialogueKpis(c, t, applied);
  const holds = holdSummary(c, null);
  return {
    id: c.conversationId,
    orderNumber: orderNumberOf(c),
    startDate: utcDateOf(t.start),
    startTimestamp: t.start,
    queueEnterTimestamp: t.queueEnter,
    acceptTimestamp: t.accept,
    endTimestamp: t.end,
    ivrDurationInSec: inSeconds(durations.ivrDurationMs),
    queueDurationInSec: inSeconds(durations.queueDurationMs),
    initialTalkDurationInSec: inSeconds(durations.initialTalkDurationMs),
    sessionDurationInSec: inSeconds(durations.sessionDurationMs),
    ...durations,
    ivrId: c.ivrId,
    queueId,
    customerId: c.customerId,
    agentId: c.agentId,
    direction: directionCode(c.direction),
    ...kpis,
    hangupSource: c.hangupSource,
    channel: c.channel,
    sessionType: c.sessionType,
    answerType: c.answerType,
    humanAcceptTimestamp: c.humanConnectedAt,
    holdCount: holds.count,
    holdTotalMs: holds.totalMs,
    wrapUpMs: wrapUpMs(c),
    handleMs: handleMs(c),
    transferCount: c.transfers.length,
    queueEntries: c.queueEntries,
    requeues: c.requeues,
    lastQueueId: c.lastQueueId,
    lastAgentId: c.lastAgentId,
    slaThresholdMs: applied.slaThresholdMs,
    quickDropThresholdMs: applied.quickDropThresholdMs,
    quickDropClock: applied.quickDropClock,
    version: c.version,
  };
}

function directionCode(direction: Direction | null): 1 | 2 | null {
  switch (direction) {
    case null:
      return null;
    case 'INBOUND':
      return 1;
    case 'OUTBOUND':
      return 2;
    default:
      return assertNever(direction);
  }
}
