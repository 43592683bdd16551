/**
 * Kafka topic names, versioned with the contract: a breaking change to a payload means a new
 * major version and new topics, so old and new producers never share a topic.
 */
export const Topics = {
  /** Call-lifecycle events from switches, dialers, IVRs, AI agents and chat platforms. Key: conversationId. */
  callEvents: 'callfold.call-events.v1',
  /** Latest projection per conversation (compacted, co-partitioned with callEvents). Key: conversationId. */
  conversations: 'callfold.conversations.v1',
  /** Messages callfold could not process, with the original bytes and the reason. */
  deadLetters: 'callfold.dead-letters.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Schema registry subjects (TopicNameStrategy: `<topic>-value`). */
export const Subjects = {
  callEvent: `${Topics.callEvents}-value`,
  conversation: `${Topics.conversations}-value`,
  deadLetter: `${Topics.deadLetters}-value`,
} as const;
