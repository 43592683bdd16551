import { type Conversation } from '@callfold/contracts';
import { ImpossibleTransitionError } from './impossible-transition.error';

/**
 * A conversation's fold state. `empty`: no event yet (the conversation id is not known either).
 * `active`: not disconnected. `ended`: endedAt is set (late events still update it). `erased`: an
 * ErasureRequested was folded; absorbing.
 */
export type ConversationState =
  | { readonly status: 'empty' }
  | { readonly status: 'active'; readonly conversation: Conversation }
  | { readonly status: 'ended'; readonly conversation: Conversation }
  | { readonly status: 'erased'; readonly conversation: Conversation };

export type ConversationStatus = ConversationState['status'];

const EMPTY: ConversationState = Object.freeze({ status: 'empty' });

/** The state before any event: shared and frozen, as it carries nothing. */
export function initialState(): ConversationState {
  return EMPTY;
}

/** The state a projection is in, derived only from its own fields. */
export function stateOf(conversation: Conversation): ConversationState {
  if (conversation.erased) return { status: 'erased', conversation };
  if (conversation.endedAt !== null) return { status: 'ended', conversation };
  return { status: 'active', conversation };
}

/**
 * Restores a state from a projection read back from the compacted conversations topic. Rejects
 * (CORRUPT_STATE) a projection whose dedup set is not strictly ascending or disagrees with its
 * version: folding on top of it would silently double-count or lose redeliveries.
 */
export function stateFromConversation(conversation: Conversation): ConversationState {
  const { seen, version, conversationId } = conversation;
  const corrupt = (why: string) => new ImpossibleTransitionError('CORRUPT_STATE', `Conversation ${conversationId}: ${why}`, conversationId);
  if (version !== seen.length) throw corrupt(`version ${version} but ${seen.length} seen event ids`);
  for (let i = 0; i < seen.length; i++) {
    const hash = seen[i] as number;
    if (!Number.isSafeInteger(hash) || hash < 0) throw corrupt(`seen[${i}] is not a 53-bit hash`);
    if (i > 0 && hash <= (seen[i - 1] as number)) throw corrupt('seen is not strictly ascending');
  }
  return stateOf(conversation);
}
