import { decodeConversation } from '@callfold/contracts';
import { type KafkaClient, unframe } from '@callfold/kafka';
import { PARTITIONS } from './pipeline';

export interface ChangelogCheck {
  readonly records: number;
  readonly tombstones: number;
  readonly keys: number;
  /** Keys whose projection version did not strictly increase between two records (a batch committed twice). */
  readonly repeated: readonly string[];
}

/**
 * Reads the conversations topic as a consumer with read_committed sees it and checks the
 * projector's exactly-once promise: per key, in offset order, each projection's version is
 * greater than the previous one's (a tombstone, an eviction, starts the key afresh). A batch
 * whose transaction committed twice, or whose aborted output leaked, would repeat versions.
 */
export async function checkChangelog(client: KafkaClient, topic: string): Promise<ChangelogCheck> {
  const last = new Map<string, number>();
  const repeated = new Set<string>();
  let records = 0;
  let tombstones = 0;
  await client.readPartitions({
    topic,
    partitions: Array.from({ length: PARTITIONS }, (_, p) => p),
    groupIdPrefix: 'e2e.changelog-reader',
    maxWaitTimeMs: 200,
    onBatch: (batch) => {
      for (const message of batch.messages) {
        records += 1;
        const key = message.key?.toString('utf8') ?? '';
        if (message.value === null) {
          tombstones += 1;
          last.delete(key);
          continue;
        }
        const framed = unframe(message.value);
        if (!framed.ok) throw new Error(`${topic}[${message.partition}]@${message.offset}: ${framed.detail}`);
        const version = decodeConversation(framed.body).version;
        const previous = last.get(key);
        if (previous !== undefined && version <= previous) repeated.add(key);
        last.set(key, version);
      }
    },
  });
  return { records, tombstones, keys: last.size, repeated: [...repeated] };
}
