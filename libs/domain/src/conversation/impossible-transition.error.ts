/** Why an event (or a restored projection) cannot be folded. */
export type ImpossibleTransitionCode =
  /** The event's conversationId is not the conversation this state belongs to. */
  | 'CONVERSATION_MISMATCH'
  /** occurredAt (or sequence) is not a safe integer, so no order could be derived from it. */
  | 'INVALID_EVENT_TIME'
  /** An event type (or enum value) this version of the reducer does not know. */
  | 'UNKNOWN_EVENT'
  /** A projection restored from the compacted topic breaks the reducer's invariants. */
  | 'CORRUPT_STATE';

/**
 * The reducer refuses an input that no arrival order could make valid. The pipeline dead-letters
 * the event with reason IMPOSSIBLE_TRANSITION; the state is left untouched.
 */
export class ImpossibleTransitionError extends Error {
  override readonly name = 'ImpossibleTransitionError';

  constructor(
    readonly code: ImpossibleTransitionCode,
    message: string,
    readonly conversationId: string | null = null,
    readonly eventId: string | null = null,
  ) {
    super(message);
  }
}
