import { type Conversation } from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { anywhere365Outcome, type Anywhere365Outcome } from '../vocabularies/anywhere365-outcome.vocabulary';
import { detailedOutcome, type DetailedOutcome } from '../vocabularies/detailed-outcome.vocabulary';
import { elapsedMs, type Timeline } from '../vocabularies/timeline.facts';
import { type Thresholds } from './threshold-policy';

/** Where an unanswered dialogue was when it ended without a routing exit. */
export const AbandonPhase = ['IVR', 'QUEUE', 'RINGING'] as const;
export type AbandonPhase = (typeof AbandonPhase)[number];

/** The outcome columns of a dialogue row: seed 004's three plus the parts other products' formulas need. */
export interface DialogueKpis {
  readonly outcome: Anywhere365Outcome | null;
  readonly detailedOutcome: DetailedOutcome;
  readonly inSla: boolean | null;
  readonly quickDrop: boolean | null;
  readonly queued: boolean;
  readonly waitMs: number | null;
  readonly answeredWithinThreshold: boolean;
  readonly abandoned: boolean;
  readonly shortAbandoned: boolean;
  readonly flowOut: boolean;
  readonly abandonedWithinThreshold: boolean;
  readonly abandonPhase: AbandonPhase | null;
}

export function dialogueKpis(c: Conversation, t: Timeline, thresholds: Thresholds): DialogueKpis {
  const outcome = anywhere365Outcome(c);
  const detailed = detailedOutcome(c);
  const waitMs = waitOf(outcome, t);
  const withinSla = waitMs !== null && waitMs <= thresholds.slaThresholdMs;
  const inSla = outcome === 'Accepted' ? withinSla : null;
  const quickDrop = outcome === 'Abandoned' ? droppedQuickly(c, t, thresholds) : null;
  const abandoned = outcome === 'Abandoned';
  const flowOut = abandoned && detailed !== 'Abandoned';
  return {
    outcome,
    detailedOutcome: detailed,
    inSla,
    quickDrop,
    queued: t.queueEnter !== null,
    waitMs,
    answeredWithinThreshold: inSla === true,
    abandoned,
    shortAbandoned: quickDrop === true,
    flowOut,
    abandonedWithinThreshold: abandoned && !flowOut && withinSla,
    abandonPhase: abandonPhaseOf(c, detailed),
  };
}

/**
 * The wait the SLA judges: queue entry -> acceptance; 0 for a dialogue accepted without a queue
 * (direct to agent, outbound, AI agent answering); queue entry -> disconnect when abandoned.
 */
function waitOf(outcome: Anywhere365Outcome | null, t: Timeline): number | null {
  switch (outcome) {
    case 'Accepted':
      return elapsedMs(t.queueEnter ?? t.accept, t.accept);
    case 'Abandoned':
      return elapsedMs(t.queueEnter, t.end);
    case 'IvrDrop':
    case null:
      return null;
    default:
      return assertNever(outcome);
  }
}

/** Seed 004: "disconnected by the Customer within the configured quickDropThreshold". */
function droppedQuickly(c: Conversation, t: Timeline, thresholds: Thresholds): boolean {
  if (c.hangupSource !== 'CUSTOMER') return false;
  const elapsed = quickDropElapsed(t, thresholds);
  return elapsed !== null && elapsed <= thresholds.quickDropThresholdMs;
}

function quickDropElapsed(t: Timeline, thresholds: Thresholds): number | null {
  switch (thresholds.quickDropClock) {
    case 'queue':
      return elapsedMs(t.queueEnter, t.end);
    case 'system':
      return elapsedMs(t.start, t.end);
    default:
      return assertNever(thresholds.quickDropClock);
  }
}

/**
 * Only for dialogues that ended unanswered without a routing exit (detailed Abandoned or IvrDrop):
 * RINGING when an offer to an agent was alerting (offered, and for a queued dialogue no offer was
 * declined or missed, since the projection cannot tell whether a later offer was still ringing),
 * else QUEUE when queued, else IVR.
 */
function abandonPhaseOf(c: Conversation, detailed: DetailedOutcome): AbandonPhase | null {
  if (detailed !== 'Abandoned' && detailed !== 'IvrDrop') return null;
  const offered = c.assignedAt !== null;
  if (detailed === 'IvrDrop') return offered ? 'RINGING' : 'IVR';
  return offered && c.offersDeclined + c.offersMissed === 0 ? 'RINGING' : 'QUEUE';
}
