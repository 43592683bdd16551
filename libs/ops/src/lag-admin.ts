/**
 * The small admin port lag is computed from, and how its one expensive question is answered.
 *
 * Committed offsets and end offsets are two cheap admin requests (OffsetFetch, ListOffsets);
 * libs/kafka's `KafkaAdmin` already has both, so it satisfies `LagAdmin` as it is.
 *
 * The timestamp of the oldest unprocessed message (the record at the committed offset) is not
 * cheap with kafkajs 2.2.4: its admin has no Fetch, and its consumer has no manual `assign()`, so
 * the only public way to read one record at a given offset is a consumer group member. We use a
 * short-lived member of a throwaway group (`callfold-lag-probe-<uuid>`, never committing, so the
 * broker drops the empty group when it leaves): it joins (one JoinGroup/SyncGroup, plus the
 * broker's group.initial.rebalance.delay.ms, 3 s by default, 0 on the local stack), fetches each
 * lagging partition once from the log start, seeks to the committed offset, reads the first
 * record there and leaves. Seconds per run, so the CLI does it on request (`--age`) and the lag
 * monitor never does; services export the cheap equivalent instead, the timestamp of the last
 * record they processed (`callfold_consumer_last_message_timestamp_seconds`).
 */
import { randomUUID } from 'node:crypto';
import { type ConsumerEngineEvents, type KafkaClient, parseOffset } from '@callfold/kafka';

export interface PartitionPosition {
  readonly partition: number;
  readonly offset: string;
}

/** What lag needs from Kafka. libs/kafka's `KafkaAdmin` satisfies it. */
export interface LagAdmin {
  /** Committed offsets of a group for a topic ("-1" where nothing is committed). */
  committedOffsets(groupId: string, topic: string): Promise<readonly PartitionPosition[]>;
  /** End offsets (high watermarks) of a topic, with the log start of each partition where known. */
  endOffsets(topic: string): Promise<readonly (PartitionPosition & { readonly logStart?: string })[]>;
}

/** Reads the record timestamp at given offsets (the oldest unprocessed message of a group). */
export interface OldestUnprocessedReader {
  /**
   * Record timestamp (epoch milliseconds, as a string) of the first readable record at or after
   * each offset. A partition whose record did not arrive within the timeout is left out.
   */
  timestamps(topic: string, positions: readonly PartitionPosition[]): Promise<Map<number, string>>;
}

export interface OldestUnprocessedReaderOptions {
  /** Give up on partitions still unanswered after this long; default 15 s. */
  readonly timeoutMs?: number;
  readonly groupPrefix?: string;
}

const noEvents: ConsumerEngineEvents = { onGroupJoin: () => undefined, onRebalancing: () => undefined, onCrash: () => undefined };

/** The throwaway-consumer reader described above, on libs/kafka's consumer engine. */
export function createOldestUnprocessedReader(client: Pick<KafkaClient, 'consumer'>, options: OldestUnprocessedReaderOptions = {}): OldestUnprocessedReader {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async timestamps(topic, positions) {
      const wanted = new Map(positions.map((p) => [p.partition, parseOffset(p.offset)]));
      const found = new Map<number, string>();
      if (wanted.size === 0) return found;
      let finish: () => void = () => undefined;
      const complete = new Promise<void>((resolve) => (finish = resolve));
      const engine = client.consumer({
        groupId: `${options.groupPrefix ?? 'callfold-lag-probe'}-${randomUUID()}`,
        topics: [topic],
        fromBeginning: true,
        maxWaitTimeMs: 250,
        maxBytesPerPartition: 64 * 1024,
      });
      let timer: NodeJS.Timeout | undefined;
      try {
        await engine.start(async (batch, control) => {
          // A range of transaction markers only: no timestamp to read, and kafkajs already moved past it.
          if (batch.messages.length === 0) return;
          const target = wanted.get(batch.partition);
          if (target === undefined || found.has(batch.partition)) {
            control.pause();
            return;
          }
          const hit = batch.messages.find((m) => parseOffset(m.offset) >= target);
          if (hit) {
            found.set(batch.partition, hit.timestamp);
            control.pause();
            if (found.size === wanted.size) finish();
            return;
          }
          // The batch ended before the target (it started at the log start): jump to it.
          control.seek(target.toString());
        }, noEvents);
        await Promise.race([complete, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      } finally {
        if (timer) clearTimeout(timer);
        await engine.stop();
      }
      return found;
    },
  };
}
