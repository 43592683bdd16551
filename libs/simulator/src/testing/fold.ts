import { type CallEvent, type Conversation } from '@callfold/contracts';
import { type ConversationState, type DialogueRow, foldEvents, thresholdPolicy, toDialogueRow } from '@callfold/domain';
import { SIMULATOR_THRESHOLDS } from '../scenarios/scenario';

/** Test-only helpers: fold a simulated conversation and read its projection and dialogue row. */

export const POLICY = thresholdPolicy({ defaults: SIMULATOR_THRESHOLDS });

export function projectionOf(state: ConversationState): Conversation {
  if (state.status === 'empty') throw new Error('no event was folded');
  return state.conversation;
}

export interface Folded {
  readonly state: ConversationState;
  readonly conversation: Conversation;
  readonly row: DialogueRow | null;
}

export function fold(events: Iterable<CallEvent>): Folded {
  const state = foldEvents(events);
  const conversation = projectionOf(state);
  return { state, conversation, row: toDialogueRow(conversation, POLICY) };
}

/** Groups a stream by conversation, keeping each conversation's delivery order. */
export function byConversation(events: Iterable<CallEvent>): Map<string, CallEvent[]> {
  const groups = new Map<string, CallEvent[]>();
  for (const event of events) {
    const group = groups.get(event.conversationId);
    if (group === undefined) groups.set(event.conversationId, [event]);
    else group.push(event);
  }
  return groups;
}
