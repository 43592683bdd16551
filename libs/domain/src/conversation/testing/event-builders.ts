import { type CallEventOf, type EventSource, type EventType, type PayloadOf } from '@callfold/contracts';

/**
 * Test-only builders. A complete, valid payload for every event type (required fields get a
 * plausible value, optional ones their schema default), so a test states only what it asserts on.
 */
export const SAMPLE_PAYLOADS: { readonly [K in EventType]: PayloadOf[K] } = {
  SessionCreated: {
    direction: 'INBOUND',
    channel: 'VOICE',
    sessionType: 'VOICE_INBOUND_PSTN',
    flow: null,
    customerId: null,
    customerName: null,
    contact: null,
    companyNumber: null,
    orderNumber: null,
  },
  SessionScheduled: { scheduledFor: Date.UTC(2026, 2, 10, 9, 0) },
  IvrEntered: { ivrId: 'ivr-main' },
  MenuOptionSelected: { ivrId: null, option: '1', menuPath: 'Main > Billing', menuPathId: '2420/4563' },
  Deflected: { reason: 'AFTER_HOURS', channelOffered: null, detail: null, queueId: null },
  Queued: { queueId: 'q-billing', priority: 5, teamId: null },
  Requeued: { queueId: 'q-billing', priority: null, reason: null },
  OfferedToAgent: { agentId: 'agent-1', answerType: 'HUMAN', queueId: null, teamId: null },
  OfferDeclined: { agentId: 'agent-1', outcome: 'REJECTED' },
  AssignmentFailed: { queueId: null, reason: null },
  QueueTimedOut: { queueId: null },
  Connecting: { agentId: null },
  Connected: { agentId: 'agent-1', answerType: 'HUMAN', teamId: null, queueId: null },
  HoldStarted: { agentId: null },
  HoldEnded: { agentId: null },
  Transferred: { targetType: 'AGENT', target: 'agent-2', initiatedBy: 'AGENT', initiatorId: null },
  ParticipantJoined: { participantId: 'leg-1', role: 'AGENT', agentId: null },
  ParticipantLeft: { participantId: 'leg-1' },
  SupervisorActed: { action: 'LISTEN_STARTED', supervisorId: 'sup-1', note: null, queueId: null },
  MessageSent: { sender: 'CUSTOMER' },
  DialingStarted: { mode: 'MANUAL', campaignId: null, agentId: null, attempt: 1 },
  CampaignWaiting: { mode: 'PREDICTIVE', campaignId: 'camp-1' },
  PreviewUpdated: { state: 'PENDING', agentId: 'agent-1', campaignId: null },
  DialAttemptEnded: { result: 'NO_ANSWER' },
  VoicemailReceived: { durationMs: null, recordingUrl: null },
  Failed: { reason: 'TECHNICAL', detail: null },
  WrapUpStarted: { agentId: 'agent-1' },
  WrapUpEnded: { agentId: 'agent-1', dispositionCode: null, notes: null },
  Ended: { hangupSource: 'CUSTOMER', reason: null },
  CsatReceived: { score: 4, scaleMax: 5, comment: null },
  SentimentAnalyzed: { overall: 'NEUTRAL', emotions: [] },
  SummaryProduced: { summary: 'Customer asked about an invoice.', analysis: null },
  ReviewFlagged: { flagged: true, reason: null, reviewer: null },
  FunctionExecuted: { name: 'lookup_account', parametersJson: '{}', outputJson: null, succeeded: true },
  TagsAdded: { tags: [] },
  TicketLinked: { ticketId: 'TCK-1', ticketUrl: null },
  RecordingUpdated: { permission: null, url: null },
  ErasureRequested: { requestedBy: null, reason: null },
};

export const TEST_CONVERSATION = 'conv-test-1';
export const T0 = Date.UTC(2026, 2, 9, 14, 0, 0);
const SOURCE: EventSource = { system: 'pbx', vendor: null, node: null };

export interface EventOptions {
  readonly eventId?: string;
  readonly conversationId?: string;
  readonly sequence?: number | null;
}

let nextId = 0;

/** An event of `type` at `at` (epoch ms), with `payload` over the sample payload. Ids are unique unless given. */
export function makeEvent<K extends EventType>(type: K, at: number, payload: Partial<PayloadOf[K]> = {}, options: EventOptions = {}): CallEventOf<K> {
  nextId += 1;
  return {
    eventId: options.eventId ?? `evt-${type}-${nextId}`,
    conversationId: options.conversationId ?? TEST_CONVERSATION,
    occurredAt: at,
    sequence: options.sequence ?? null,
    source: SOURCE,
    type,
    payload: { ...SAMPLE_PAYLOADS[type], ...payload },
  } as unknown as CallEventOf<K>;
}

/** `T0 + seconds`, for readable test timelines. */
export function at(seconds: number): number {
  return T0 + seconds * 1000;
}
