import {
  AnswerType,
  type CallEvent,
  CampaignWaitMode,
  Channel,
  DeflectionReason,
  DialMode,
  DialResult,
  Direction,
  type EventType,
  EventType as EVENT_TYPES,
  FailureReason,
  OfferOutcome,
  Party,
  type PayloadOf,
  PreviewState,
  RecordingPermission,
  Sentiment,
  SessionType,
  SupervisorActionKind,
  TransferTargetType,
} from '@callfold/contracts';
import fc from 'fast-check';

// Deliberately tiny value domains: collisions (equal ids, equal times, equal values) are what
// exercise the tie-breaking and pairing rules.
const id = fc.constantFrom('a', 'b', 'c');
const text = fc.constantFrom('x', 'y');
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });
const time = fc.integer({ min: 0, max: 4 }).map((s) => Date.UTC(2026, 0, 15, 10, 0, s));

/** An arbitrary valid payload for every event type. */
export const PAYLOAD_ARBITRARIES: { readonly [K in EventType]: fc.Arbitrary<PayloadOf[K]> } = {
  SessionCreated: fc.record({
    direction: fc.constantFrom(...Direction),
    channel: fc.constantFrom(...Channel),
    sessionType: fc.constantFrom(...SessionType),
    flow: orNull(text),
    customerId: orNull(id),
    customerName: orNull(text),
    contact: orNull(text),
    companyNumber: orNull(text),
    orderNumber: orNull(text),
  }),
  SessionScheduled: fc.record({ scheduledFor: time }),
  IvrEntered: fc.record({ ivrId: id }),
  MenuOptionSelected: fc.record({ ivrId: orNull(id), option: id, menuPath: text, menuPathId: text }),
  Deflected: fc.record({ reason: fc.constantFrom(...DeflectionReason), channelOffered: orNull(fc.constantFrom(...Channel)), detail: orNull(text), queueId: orNull(id) }),
  Queued: fc.record({ queueId: id, priority: fc.integer({ min: 1, max: 8 }), teamId: orNull(id) }),
  Requeued: fc.record({ queueId: id, priority: orNull(fc.integer({ min: 1, max: 8 })), reason: orNull(text) }),
  OfferedToAgent: fc.record({ agentId: id, answerType: fc.constantFrom(...AnswerType), queueId: orNull(id), teamId: orNull(id) }),
  OfferDeclined: fc.record({ agentId: id, outcome: fc.constantFrom(...OfferOutcome) }),
  AssignmentFailed: fc.record({ queueId: orNull(id), reason: orNull(text) }),
  QueueTimedOut: fc.record({ queueId: orNull(id) }),
  Connecting: fc.record({ agentId: orNull(id) }),
  Connected: fc.record({ agentId: id, answerType: fc.constantFrom(...AnswerType), teamId: orNull(id), queueId: orNull(id) }),
  HoldStarted: fc.record({ agentId: orNull(id) }),
  HoldEnded: fc.record({ agentId: orNull(id) }),
  Transferred: fc.record({ targetType: fc.constantFrom(...TransferTargetType), target: id, initiatedBy: fc.constantFrom(...Party), initiatorId: orNull(id) }),
  ParticipantJoined: fc.record({ participantId: id, role: fc.constantFrom(...Party), agentId: orNull(id) }),
  ParticipantLeft: fc.record({ participantId: id }),
  SupervisorActed: fc.record({ action: fc.constantFrom(...SupervisorActionKind), supervisorId: id, note: orNull(text), queueId: orNull(id) }),
  MessageSent: fc.record({ sender: fc.constantFrom(...Party) }),
  DialingStarted: fc.record({ mode: fc.constantFrom(...DialMode), campaignId: orNull(id), agentId: orNull(id), attempt: fc.integer({ min: 1, max: 3 }) }),
  CampaignWaiting: fc.record({ mode: fc.constantFrom(...CampaignWaitMode), campaignId: id }),
  PreviewUpdated: fc.record({ state: fc.constantFrom(...PreviewState), agentId: id, campaignId: orNull(id) }),
  DialAttemptEnded: fc.record({ result: fc.constantFrom(...DialResult) }),
  VoicemailReceived: fc.record({ durationMs: orNull(fc.integer({ min: 0, max: 3 })), recordingUrl: orNull(text) }),
  Failed: fc.record({ reason: fc.constantFrom(...FailureReason), detail: orNull(text) }),
  WrapUpStarted: fc.record({ agentId: id }),
  WrapUpEnded: fc.record({ agentId: id, dispositionCode: orNull(text), notes: orNull(text) }),
  Ended: fc.record({ hangupSource: fc.constantFrom(...Party), reason: orNull(text) }),
  CsatReceived: fc.record({ score: fc.integer({ min: 1, max: 4 }), scaleMax: fc.constantFrom(4, 5), comment: orNull(text) }),
  SentimentAnalyzed: fc.record({ overall: fc.constantFrom(...Sentiment), emotions: fc.array(text, { maxLength: 3 }) }),
  SummaryProduced: fc.record({ summary: text, analysis: orNull(text) }),
  ReviewFlagged: fc.record({ flagged: fc.boolean(), reason: orNull(text), reviewer: orNull(text) }),
  FunctionExecuted: fc.record({ name: id, parametersJson: fc.constantFrom('{}', '{"a":1}'), outputJson: orNull(fc.constantFrom('{}', '[]')), succeeded: fc.boolean() }),
  TagsAdded: fc.record({ tags: fc.array(fc.record({ key: id, value: text }), { maxLength: 3 }) }),
  TicketLinked: fc.record({ ticketId: id, ticketUrl: orNull(text) }),
  RecordingUpdated: fc.record({ permission: orNull(fc.constantFrom(...RecordingPermission)), url: orNull(text) }),
  ErasureRequested: fc.record({ requestedBy: orNull(text), reason: orNull(text) }),
};

export const CHAOS_CONVERSATION = 'conv-chaos';

/** One event of any type, with a colliding-prone time and sequence; ids are assigned by the caller. */
const chaoticEventBody = fc
  .constantFrom(...EVENT_TYPES)
  .chain((type) => fc.record({ type: fc.constant(type), payload: PAYLOAD_ARBITRARIES[type] as fc.Arbitrary<unknown> }))
  .chain(({ type, payload }) => fc.record({ occurredAt: time, sequence: orNull(fc.integer({ min: 0, max: 1 })) }).map((t) => ({ type, payload, ...t })));

/**
 * A set of distinct events (unique ids) of one conversation in no lifecycle order at all: not
 * realistic, but order independence must hold for ANY set, so this is the strongest input.
 * `withErasure: false` keeps erasure out, so the facts stay visible to the assertions.
 */
export function chaoticEvents(options: { maxLength?: number; withErasure?: boolean } = {}): fc.Arbitrary<CallEvent[]> {
  const body = options.withErasure === false ? chaoticEventBody.filter((e) => e.type !== 'ErasureRequested') : chaoticEventBody;
  return fc.array(body, { minLength: 1, maxLength: options.maxLength ?? 30 }).map((bodies) =>
    bodies.map(
      (b, i) =>
        ({
          eventId: `chaos-${i}`,
          conversationId: CHAOS_CONVERSATION,
          occurredAt: b.occurredAt,
          sequence: b.sequence,
          source: { system: 'test', vendor: null, node: null },
          type: b.type,
          payload: b.payload,
        }) as CallEvent,
    ),
  );
}
