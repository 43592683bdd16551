/**
 * The registers whose event-order position is kept in `Conversation.clocks`, in the canonical key
 * order of that map (so two folds of the same events serialise byte-identically). See
 * docs/projection-rules.md for what each one holds.
 */
export const CLOCK_GROUPS = [
  'session',
  'schedule',
  'ivr',
  'menu',
  'deflection',
  'initialQueue',
  'queueHint',
  'lastQueue',
  'priority',
  'queueTeam',
  'agentTeam',
  'initialAgent',
  'lastAgent',
  'phase',
  'dialMode',
  'campaign',
  'dialResult',
  'preview',
  'failure',
  'voicemail',
  'wrapUp',
  'disposition',
  'end',
  'csat',
  'sentiment',
  'summary',
  'review',
  'ticket',
  'recordingPermission',
  'recordingUrl',
] as const;

export type ClockGroup = (typeof CLOCK_GROUPS)[number];
