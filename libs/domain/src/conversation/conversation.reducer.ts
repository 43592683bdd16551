import { type CallEvent, type Clock, type Conversation } from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { hash53 } from '../shared/hash53';
import { applyEvent } from './apply-event';
import { type ConversationState, initialState } from './conversation.state';
import { type Draft, draftOf } from './draft';
import { emptyConversation } from './empty-conversation';
import { erasedConversation, stayErased } from './erasure';
import { ImpossibleTransitionError } from './impossible-transition.error';
import { earliest, insertAt, latest, searchNumber } from './merge';
import { offerPhase, phaseOf, settlePhase } from './phase';
import { copyClocks } from './registers';

/**
 * Folds one event into a conversation's state. Pure: the result depends only on the state and
 * the event (time comes from occurredAt), and the final projection depends only on the SET of
 * events folded, not their order (docs/projection-rules.md). A redelivered event (same eventId)
 * returns `state` itself.
 *
 * @throws ImpossibleTransitionError CONVERSATION_MISMATCH when the event is another conversation's;
 *   INVALID_EVENT_TIME when occurredAt or sequence is not a safe integer; UNKNOWN_EVENT for an
 *   event type or enum symbol this reducer does not know. The state is never modified.
 */
export function evolve(state: ConversationState, event: CallEvent): ConversationState {
  const base = conversationFor(state, event);
  checkTime(event);
  const hash = hash53(event.eventId);
  const position = searchNumber(base.seen, hash);
  if (position >= 0) return state;
  const seen = insertAt(base.seen, ~position, hash);

  if (state.status === 'erased') {
    return { status: 'erased', conversation: stayErased(base, seen, event.type === 'ErasureRequested' ? event.occurredAt : null) };
  }
  if (event.type === 'ErasureRequested') {
    return { status: 'erased', conversation: erasedConversation(base.conversationId, seen, event.occurredAt) };
  }

  const d: Draft = draftOf(base);
  d.seen = seen;
  d.version = seen.length;
  d.clocks = copyClocks(base.clocks);
  const clock: Clock = { at: event.occurredAt, seq: event.sequence ?? -1 };
  d.firstEventAt = earliest(d.firstEventAt, clock.at);
  d.updatedAt = latest(d.updatedAt, clock.at);
  applyEvent(d, event, clock);
  const phase = phaseOf(event);
  if (phase !== null) offerPhase(d, clock, phase);
  settlePhase(d);
  return d.endedAt === null ? { status: 'active', conversation: d } : { status: 'ended', conversation: d };
}

/** Folds events in the given order (any order gives the same projection). */
export function foldEvents(events: Iterable<CallEvent>, from: ConversationState = initialState()): ConversationState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}

function conversationFor(state: ConversationState, event: CallEvent): Conversation {
  switch (state.status) {
    case 'empty':
      return emptyConversation(event.conversationId);
    case 'active':
    case 'ended':
    case 'erased':
      if (state.conversation.conversationId !== event.conversationId) {
        throw new ImpossibleTransitionError(
          'CONVERSATION_MISMATCH',
          `Event ${event.eventId} of conversation ${event.conversationId} folded into conversation ${state.conversation.conversationId}`,
          state.conversation.conversationId,
          event.eventId,
        );
      }
      return state.conversation;
    default:
      return assertNever(state);
  }
}

function checkTime(event: CallEvent): void {
  if (Number.isSafeInteger(event.occurredAt) && (event.sequence === null || Number.isSafeInteger(event.sequence))) return;
  throw new ImpossibleTransitionError(
    'INVALID_EVENT_TIME',
    `Event ${event.eventId}: occurredAt ${event.occurredAt} / sequence ${event.sequence} are not integers`,
    event.conversationId,
    event.eventId,
  );
}
