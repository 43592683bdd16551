import { type KafkaAdmin, type Logger } from '@callfold/kafka';
import { type ProjectorTopics } from './projector.config';

export class TopicSetupError extends Error {
  override readonly name = 'TopicSetupError';
}

/**
 * Makes sure the projector's topics exist before it consumes (creating an existing topic is a
 * no-op): call-events (with `defaultPartitions` if missing), then the conversations topic,
 * compacted, with exactly as many partitions as call-events, and the dead-letter topic.
 * Co-partitioning is checked, not assumed: a conversations topic created elsewhere with another
 * partition count would make restore read the wrong partition, so the projector refuses to start.
 * Its cleanup policy and delete.retention.ms cannot be read through our port; docs/projector.md
 * says how to check and set them on a topic created elsewhere (or before delete.retention.ms was
 * set here).
 */
export interface TopicSettings {
  /** Partitions of call-events if it has to be created. */
  readonly defaultPartitions: number;
  /**
   * delete.retention.ms of the conversations topic when created: how long its tombstones survive
   * compaction. Restore rebuilds the evicted-conversation memory from them, so it must cover the
   * evicted-memory horizon (tombstoneRetentionMsOf).
   */
  readonly tombstoneRetentionMs: number;
}

export async function ensureTopics(admin: Pick<KafkaAdmin, 'createTopics' | 'endOffsets'>, topics: ProjectorTopics, settings: TopicSettings, logger: Logger): Promise<{ partitions: number }> {
  const { defaultPartitions, tombstoneRetentionMs } = settings;
  await admin.createTopics([{ topic: topics.callEvents, partitions: defaultPartitions }]);
  const partitions = (await admin.endOffsets(topics.callEvents)).length;
  if (partitions === 0) throw new TopicSetupError(`${topics.callEvents} has no partitions`);
  await admin.createTopics([{ topic: topics.conversations, partitions, config: { 'cleanup.policy': 'compact', 'delete.retention.ms': String(tombstoneRetentionMs) } }]);
  await admin.createTopics([{ topic: topics.deadLetters, partitions }]);
  const conversationPartitions = (await admin.endOffsets(topics.conversations)).length;
  if (conversationPartitions !== partitions) {
    throw new TopicSetupError(
      `${topics.conversations} has ${conversationPartitions} partitions but ${topics.callEvents} has ${partitions}: ` +
        'they must be co-partitioned (same count, same key), or the projector would restore the wrong conversations. Recreate the conversations topic with the right count.',
    );
  }
  logger.info('topics ready', { ...topics, partitions, requiredTombstoneRetentionMs: tombstoneRetentionMs });
  return { partitions };
}
