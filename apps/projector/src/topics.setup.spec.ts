import { createSilentLogger, type KafkaAdmin } from '@callfold/kafka';
import { ensureTopics, TopicSetupError } from './topics.setup';

const topics = { callEvents: 'events', conversations: 'conversations', deadLetters: 'dead' };

function fakeAdmin(existing: Record<string, number>) {
  const created: { topic: string; partitions: number; config?: Record<string, string> }[] = [];
  const admin: Pick<KafkaAdmin, 'createTopics' | 'endOffsets'> = {
    createTopics: async (list) => {
      for (const t of list) {
        if (existing[t.topic] !== undefined) continue;
        existing[t.topic] = t.partitions;
        created.push({ ...t });
      }
    },
    endOffsets: async (topic) => Array.from({ length: existing[topic] ?? 0 }, (_, partition) => ({ partition, offset: '0' })),
  };
  return { admin, created };
}

describe('ensureTopics', () => {
  it('given an existing call-events topic of 12 partitions, when ensured, then conversations (compacted, tombstones kept for the evicted-memory horizon plus margin) and dead letters get 12 too', async () => {
    const { admin, created } = fakeAdmin({ events: 12 });

    const result = await ensureTopics(admin, topics, { defaultPartitions: 6, tombstoneRetentionMs: 691_200_000 }, createSilentLogger());

    expect(result).toEqual({ partitions: 12 });
    expect(created).toEqual([
      { topic: 'conversations', partitions: 12, config: { 'cleanup.policy': 'compact', 'delete.retention.ms': '691200000' } },
      { topic: 'dead', partitions: 12 },
    ]);
  });

  it('given no topics, when ensured, then call-events gets the default count', async () => {
    const { admin, created } = fakeAdmin({});
    await ensureTopics(admin, topics, { defaultPartitions: 6, tombstoneRetentionMs: 691_200_000 }, createSilentLogger());
    expect(created.map((t) => [t.topic, t.partitions])).toEqual([['events', 6], ['conversations', 6], ['dead', 6]]);
  });

  it('given a conversations topic with a different partition count, when ensured, then it fails: not co-partitioned', async () => {
    const { admin } = fakeAdmin({ events: 12, conversations: 6 });
    await expect(ensureTopics(admin, topics, { defaultPartitions: 6, tombstoneRetentionMs: 691_200_000 }, createSilentLogger())).rejects.toThrow(TopicSetupError);
  });
});
