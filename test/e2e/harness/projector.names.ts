/**
 * The variables the harness sets for per-test projector names, spelled like the writer's
 * (CALLFOLD_WRITER_GROUP_ID, CALLFOLD_WRITER_CALL_EVENTS_TOPIC, ...). apps/projector does not
 * read them yet; harness/projector.entry.ts applies them (see there).
 */
export const PROJECTOR_NAME_VARS = {
  groupId: 'CALLFOLD_PROJECTOR_GROUP_ID',
  callEvents: 'CALLFOLD_PROJECTOR_CALL_EVENTS_TOPIC',
  conversations: 'CALLFOLD_PROJECTOR_CONVERSATIONS_TOPIC',
  deadLetters: 'CALLFOLD_PROJECTOR_DEAD_LETTERS_TOPIC',
} as const;
