import { type CallEvent, type Conversation, type DeadLetterReason } from '@callfold/contracts';

/**
 * One Kafka message as the writer sees it after decoding: an event to store, a projection to
 * store, a tombstone of the conversations topic (skipped: it means "evicted from the
 * projector's live state", not deletion), or a message that cannot be stored, with the reason.
 */
export type WriterItem =
  | { readonly kind: 'event'; readonly event: CallEvent }
  | { readonly kind: 'conversation'; readonly conversation: Conversation }
  | { readonly kind: 'tombstone' }
  | { readonly kind: 'skipped'; readonly reason: SkipReason; readonly detail: string };

/** Why a message is skipped: the dead-letter vocabulary, so the writer's counts match the projector's. */
export type SkipReason = DeadLetterReason;

export const tombstone: WriterItem = { kind: 'tombstone' };

export function skipped(reason: SkipReason, detail: string): WriterItem {
  return { kind: 'skipped', reason, detail };
}
