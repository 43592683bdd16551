import {
  AnswerType,
  Channel,
  type Conversation,
  DeflectionReason,
  DialMode,
  DialResult,
  Direction,
  FailureReason,
  Party,
  Phase,
  Sentiment,
  SessionType,
  SupervisorActionKind,
  TransferTargetType,
} from '@callfold/contracts';
import fc from 'fast-check';
import { emptyConversation } from '../../conversation/empty-conversation';
import { T0 } from './conversation.fixtures';

/** A lifecycle step happens in about two projections in three. */
const gap = fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: null, freq: 3 });
/** Emitters' clocks disagree by up to a few seconds: milestones may come out of order. */
const skew = fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: -3_000, max: 3_000 }), weight: 1 });
const offset = fc.integer({ min: -5_000, max: 900_000 });
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });
/** Set in about one projection in seven: failures, deflections and the like are exceptions. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: arb, weight: 1 });
const fewOrNone = <T>(arb: fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<T[]> =>
  fc.oneof({ arbitrary: fc.constant<T[]>([]), weight: 3 }, { arbitrary: fc.array(arb, { minLength: 1, maxLength }), weight: 1 });
const sortedOffsets = fc.array(offset, { maxLength: 4 }).map((xs) => [...xs].sort((a, b) => a - b));

const scenario = fc.record({
  id: fc.constantFrom('c1', 'c2', 'conv-3'),
  version: fc.nat({ max: 50 }),
  erased: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
  phase: fc.constantFrom(...Phase),
  direction: maybe(fc.constantFrom(...Direction)),
  channel: maybe(fc.constantFrom(...Channel)),
  sessionType: maybe(fc.constantFrom(...SessionType)),
  created: fc.option(fc.integer({ min: T0 - 86_400_000, max: T0 + 86_400_000 }), { nil: null, freq: 12 }),
  steps: fc.tuple(gap, gap, gap, gap, gap, gap),
  skews: fc.tuple(skew, skew, skew, skew, skew, skew),
  firstEventEarlier: maybe(fc.integer({ min: 0, max: 5_000 })),
  answerType: fc.constantFrom(...AnswerType),
  wrapUp: maybe(fc.tuple(fc.integer({ min: -2_000, max: 60_000 }), maybe(fc.integer({ min: -2_000, max: 120_000 })))),
  holdStarts: sortedOffsets,
  holdEnds: sortedOffsets,
  transfers: fewOrNone(fc.record({ at: offset, targetType: fc.constantFrom(...TransferTargetType), initiatedBy: fc.constantFrom(...Party) }), 2),
  supervisor: fewOrNone(fc.record({ at: offset, action: fc.constantFrom(...SupervisorActionKind) }), 3),
  failedAt: rarely(offset),
  failureReason: fc.constantFrom(...FailureReason),
  rejoinAt: rarely(offset),
  dialResult: rarely(fc.constantFrom(...DialResult)),
  dialMode: maybe(fc.constantFrom(...DialMode)),
  campaignId: rarely(fc.constant('camp-1')),
  deflectionReason: rarely(fc.constantFrom(...DeflectionReason)),
  queueTimedOut: rarely(offset),
  assignmentFailed: rarely(offset),
  voicemailReceived: rarely(offset),
  hangupSource: fc.oneof({ arbitrary: fc.constant<Party>('CUSTOMER'), weight: 3 }, { arbitrary: maybe(fc.constantFrom(...Party)), weight: 2 }),
  endReason: rarely(fc.constantFrom('customer_no_response', 'normal_clearing')),
  offersDeclined: fc.nat({ max: 2 }),
  offersMissed: fc.nat({ max: 2 }),
  requeues: fc.nat({ max: 2 }),
  orderNumber: rarely(fc.constantFrom('A-1001', '42', '')),
  sentiment: maybe(fc.constantFrom(...Sentiment)),
  reviewFlagged: maybe(fc.boolean()),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

/**
 * Plausible projections: lifecycle milestones mostly in order with optional steps skipped, some
 * skewed out of order, optional failures, dial results, deflections, holds, transfers and
 * supervisor actions, and the odd erased or not-yet-created conversation.
 */
export function conversationArbitrary(): fc.Arbitrary<Conversation> {
  return scenario.map(build);
}

function build(s: Scenario): Conversation {
  const base = s.created ?? T0;
  let cursor = base;
  const milestone = (index: 0 | 1 | 2 | 3 | 4 | 5): number | null => {
    const step = s.steps[index];
    if (step === null) return null;
    cursor += step;
    return cursor + s.skews[index];
  };
  const ivrEnteredAt = milestone(0);
  const queuedAt = milestone(1);
  const assignedAt = milestone(2);
  const connectingAt = milestone(3);
  const connectedAt = milestone(4);
  const endedAt = milestone(5);
  const rel = (offsetMs: number | null): number | null => (offsetMs === null ? null : base + offsetMs);
  const known = [s.created, ivrEnteredAt, queuedAt, connectedAt, endedAt].filter((t): t is number => t !== null);
  const wrapUpStartedAt = s.wrapUp === null || endedAt === null ? null : endedAt + s.wrapUp[0];
  const wrapUpLength = s.wrapUp === null ? null : s.wrapUp[1];
  const wrapUpEndedAt = wrapUpLength === null || wrapUpStartedAt === null ? null : wrapUpStartedAt + wrapUpLength;
  return {
    ...emptyConversation(s.id),
    version: s.version,
    erased: s.erased,
    phase: s.phase,
    direction: s.direction,
    channel: s.channel,
    sessionType: s.sessionType,
    customerId: 'cust-1',
    orderNumber: s.orderNumber,
    createdAt: s.created,
    firstEventAt: known.length === 0 ? null : Math.min(...known) - (s.firstEventEarlier ?? 0),
    ivrEnteredAt,
    ivrId: ivrEnteredAt === null ? null : 'ivr-1',
    queuedAt,
    queueId: queuedAt === null ? null : 'q-1',
    lastQueueId: queuedAt === null ? null : 'q-2',
    queueEntries: (queuedAt === null ? 0 : 1) + s.requeues,
    requeues: queuedAt === null ? 0 : s.requeues,
    assignedAt,
    connectingAt,
    connectedAt,
    humanConnectedAt: connectedAt !== null && s.answerType === 'HUMAN' ? connectedAt : null,
    agentId: connectedAt === null ? null : 'agent-1',
    lastAgentId: connectedAt === null ? null : 'agent-2',
    answerType: connectedAt === null ? null : s.answerType,
    endedAt,
    hangupSource: endedAt === null ? null : s.hangupSource,
    endReason: endedAt === null ? null : s.endReason,
    wrapUpStartedAt,
    wrapUpEndedAt,
    holdStarts: s.holdStarts.map((o) => base + o),
    holdEnds: s.holdEnds.map((o) => base + o),
    transfers: s.transfers
      .map((t) => ({ ...t, at: base + t.at, target: 'target-1', initiatorId: null }))
      .sort((a, b) => a.at - b.at),
    supervisorActions: s.supervisor
      .map((a) => ({ ...a, at: base + a.at, supervisorId: 'sup-1', note: null, queueId: null }))
      .sort((a, b) => a.at - b.at),
    participants:
      s.rejoinAt === null ? [] : [{ participantId: 'p-1', role: 'AGENT', agentId: 'agent-2', joinedAt: base + s.rejoinAt, leftAt: null }],
    failedAt: rel(s.failedAt),
    failureReason: s.failedAt === null ? null : s.failureReason,
    dialResult: s.dialResult,
    dialMode: s.dialMode,
    campaignId: s.campaignId,
    deflectionReason: s.deflectionReason,
    queueTimedOutAt: rel(s.queueTimedOut),
    assignmentFailedAt: rel(s.assignmentFailed),
    voicemailReceivedAt: rel(s.voicemailReceived),
    offersDeclined: s.offersDeclined,
    offersMissed: s.offersMissed,
    sentiment: s.sentiment,
    reviewFlagged: s.reviewFlagged,
    updatedAt: endedAt ?? cursor,
  };
}
