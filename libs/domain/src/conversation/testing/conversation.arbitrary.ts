import { type CallEvent, type EventType, type PayloadOf } from '@callfold/contracts';
import fc from 'fast-check';
import { SAMPLE_PAYLOADS } from './event-builders';

/** The choices that shape one realistic lifecycle; `build` turns them into events. */
interface Lifecycle {
  readonly conversationId: string;
  readonly start: number;
  readonly kind: 'inbound' | 'outbound' | 'chat' | 'ai';
  readonly ivr: boolean;
  readonly deflected: boolean;
  readonly offersDeclined: number;
  readonly answered: boolean;
  readonly holds: number;
  readonly transfer: boolean;
  readonly consult: boolean;
  readonly supervisor: boolean;
  readonly messages: number;
  readonly attempts: number;
  readonly failed: boolean;
  readonly hangup: 'CUSTOMER' | 'AGENT' | 'SYSTEM';
  readonly wrapUp: boolean;
  readonly enrichment: readonly ('CsatReceived' | 'SentimentAnalyzed' | 'SummaryProduced' | 'TicketLinked' | 'TagsAdded')[];
  readonly erased: boolean;
  /** Seconds between consecutive events; zeros produce same-millisecond ties on purpose. */
  readonly gaps: readonly number[];
  readonly sequenced: boolean;
}

const lifecycle: fc.Arbitrary<Lifecycle> = fc.record({
  conversationId: fc.uuid(),
  start: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }),
  kind: fc.constantFrom('inbound', 'outbound', 'chat', 'ai'),
  ivr: fc.boolean(),
  deflected: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
  offersDeclined: fc.integer({ min: 0, max: 2 }),
  answered: fc.boolean(),
  holds: fc.integer({ min: 0, max: 2 }),
  transfer: fc.boolean(),
  consult: fc.boolean(),
  supervisor: fc.boolean(),
  messages: fc.integer({ min: 0, max: 4 }),
  attempts: fc.integer({ min: 1, max: 3 }),
  failed: fc.boolean(),
  hangup: fc.constantFrom('CUSTOMER', 'AGENT', 'SYSTEM'),
  wrapUp: fc.boolean(),
  enrichment: fc.subarray(['CsatReceived', 'SentimentAnalyzed', 'SummaryProduced', 'TicketLinked', 'TagsAdded'] as const),
  erased: fc.boolean(),
  gaps: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 90 })), { minLength: 8, maxLength: 8 }),
  sequenced: fc.boolean(),
});

/** Realistic, well-formed conversations: event times follow the lifecycle (never decrease). */
export function lifecycleEvents(options: { withErasure?: boolean } = {}): fc.Arbitrary<CallEvent[]> {
  return lifecycle.map((l) => build(options.withErasure === false ? { ...l, erased: false } : l));
}

function build(l: Lifecycle): CallEvent[] {
  const events: CallEvent[] = [];
  let t = l.start;
  let step = 0;
  const emit = <K extends EventType>(type: K, payload: Partial<PayloadOf[K]> = {}): void => {
    t += (l.gaps[step % l.gaps.length] as number) * 1000;
    step += 1;
    events.push({
      eventId: `${l.conversationId}-${events.length}`,
      conversationId: l.conversationId,
      occurredAt: t,
      sequence: l.sequenced ? events.length : null,
      source: { system: 'pbx', vendor: null, node: null },
      type,
      payload: { ...SAMPLE_PAYLOADS[type], ...payload },
    } as unknown as CallEvent);
  };
  const human = l.kind !== 'ai';
  const outbound = l.kind === 'outbound';
  emit('SessionCreated', {
    direction: outbound ? 'OUTBOUND' : 'INBOUND',
    channel: l.kind === 'chat' ? 'CHAT' : 'VOICE',
    sessionType: outbound ? 'VOICE_OUTBOUND_AGENT' : l.kind === 'chat' ? 'CHAT_WEB' : 'VOICE_INBOUND_PSTN',
  });

  let reached = true;
  if (outbound) {
    for (let attempt = 1; attempt <= l.attempts; attempt++) {
      emit('DialingStarted', { mode: 'MANUAL', attempt, agentId: 'agent-out' });
      if (attempt < l.attempts || !l.answered) emit('DialAttemptEnded', { result: attempt % 2 === 0 ? 'BUSY' : 'NO_ANSWER' });
    }
    reached = l.answered;
    if (!reached && l.failed) emit('Failed', { reason: 'INVALID_NUMBER' });
  } else {
    if (l.ivr) {
      emit('IvrEntered', { ivrId: 'ivr-main' });
      emit('MenuOptionSelected', { ivrId: 'ivr-main', option: '2', menuPath: 'Main > Billing', menuPathId: '10/20' });
    }
    if (l.deflected) {
      emit('Deflected', { reason: 'AFTER_HOURS', detail: 'after_hours_message_only' });
      reached = false;
    } else if (human) {
      emit('Queued', { queueId: 'q-billing', teamId: 'team-billing' });
      for (let i = 0; i < l.offersDeclined; i++) {
        emit('OfferedToAgent', { agentId: `agent-d${i}` });
        emit('OfferDeclined', { agentId: `agent-d${i}`, outcome: i % 2 === 0 ? 'MISSED' : 'REJECTED' });
      }
      reached = l.answered;
      if (!reached && l.failed) emit('QueueTimedOut', { queueId: 'q-billing' });
    }
  }

  if (reached) {
    if (human) emit('OfferedToAgent', { agentId: 'agent-1', teamId: 'team-billing' });
    emit('Connecting', { agentId: human ? 'agent-1' : 'bot-1' });
    emit('Connected', { agentId: human ? 'agent-1' : 'bot-1', answerType: human ? 'HUMAN' : 'VIRTUAL', teamId: human ? 'team-billing' : null });
    for (let i = 0; i < l.messages; i++) emit('MessageSent', { sender: i % 2 === 0 ? 'CUSTOMER' : 'AGENT' });
    for (let i = 0; i < l.holds; i++) {
      emit('HoldStarted', { agentId: 'agent-1' });
      emit('HoldEnded', { agentId: 'agent-1' });
    }
    if (l.consult) {
      emit('ParticipantJoined', { participantId: 'leg-consult', role: 'AGENT', agentId: 'agent-c' });
      emit('ParticipantLeft', { participantId: 'leg-consult' });
    }
    if (!human) {
      emit('FunctionExecuted', { name: 'lookup_account', parametersJson: '{"id":"1"}' });
      if (l.supervisor) {
        emit('SupervisorActed', { action: 'LISTEN_STARTED', supervisorId: 'sup-1' });
        emit('SupervisorActed', { action: 'TAKE_OVER', supervisorId: 'sup-1' });
      }
    }
    if (l.transfer) {
      emit('Transferred', { targetType: 'AGENT', target: 'agent-2', initiatedBy: 'AGENT', initiatorId: 'agent-1' });
      emit('Connected', { agentId: 'agent-2', answerType: 'HUMAN', teamId: 'team-retention' });
    }
  }
  emit('Ended', { hangupSource: l.hangup });
  if (l.wrapUp && reached && human) {
    emit('WrapUpStarted', { agentId: 'agent-1' });
    emit('WrapUpEnded', { agentId: 'agent-1', dispositionCode: 'RESOLVED' });
  }
  for (const type of l.enrichment) emit(type, type === 'TagsAdded' ? { tags: [{ key: 'language', value: 'en' }] } : {});
  if (l.erased) emit('ErasureRequested', { requestedBy: 'dpo' });
  return events;
}
