import { type CallEvent, type Conversation } from '@callfold/contracts';
import { foldEvents } from '../conversation.reducer';
import { type ConversationState } from '../conversation.state';

/** The projection of `events` folded in the given order (fails if there were none). */
export function project(...events: CallEvent[]): Conversation {
  return conversationOf(foldEvents(events));
}

export function conversationOf(state: ConversationState): Conversation {
  if (state.status === 'empty') throw new Error('no event folded');
  return state.conversation;
}
