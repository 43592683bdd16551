import { type Conversation } from '@callfold/contracts';
import { emptyConversation } from './empty-conversation';
import { earliest } from './merge';

/**
 * The erased projection: every fact cleared (clocks included) except the id, the dedup set (so
 * redeliveries stay no-ops and version keeps growing) and the earliest erasure time. Absorbing:
 * the result depends only on seen and the erasure times, never on what was erased.
 */
export function erasedConversation(conversationId: string, seen: readonly number[], erasedAt: number): Conversation {
  return { ...emptyConversation(conversationId), version: seen.length, seen, erased: true, phase: 'ENDED', erasedAt };
}

/** An event folded into an erased conversation only grows seen/version (and an earlier erasure moves erasedAt). */
export function stayErased(erased: Conversation, seen: readonly number[], erasureAt: number | null): Conversation {
  const erasedAt = erasureAt === null ? erased.erasedAt : earliest(erased.erasedAt, erasureAt);
  return { ...erased, version: seen.length, seen, erasedAt };
}
