/**
 * Small wrappers that feed the metrics from the places services already have: a ClickHouse
 * backend, a batch handler, the rebalance hooks, a state restore. Each is optional sugar over
 * `metrics.<name>.inc/observe/set`.
 */
import { type ClickHouseBackend } from '@callfold/clickhouse';
import { type RebalanceHooks, type TopicPartition } from '@callfold/kafka';
import { type CallfoldMetrics } from './metrics';

const seconds = (startedNs: bigint): number => Number(process.hrtime.bigint() - startedNs) / 1e9;

/**
 * The same backend, with every `insert` counted: rows and bytes on success, duration always,
 * an error (and the rethrown error) on failure. The table label drops the database prefix.
 */
export function instrumentClickHouse(backend: ClickHouseBackend, metrics: CallfoldMetrics): ClickHouseBackend {
  return {
    kind: backend.kind,
    description: backend.description,
    command: (sql, options) => backend.command(sql, options),
    query: (sql, options) => backend.query(sql, options),
    ping: () => backend.ping(),
    close: () => backend.close(),
    async insert(table, rows, options) {
      const labels = { table: table.includes('.') ? table.slice(table.lastIndexOf('.') + 1) : table };
      const started = process.hrtime.bigint();
      try {
        const result = await backend.insert(table, rows, options);
        metrics.clickhouseInsertRows.inc(labels, result.rows);
        metrics.clickhouseInsertBytes.inc(labels, result.bytes);
        return result;
      } catch (error) {
        metrics.clickhouseInsertErrors.inc(labels);
        throw error;
      } finally {
        metrics.clickhouseInsertDuration.observe(labels, seconds(started));
      }
    },
  };
}

export interface ObservedBatch {
  readonly topic: string;
  readonly partition: number;
  /** The batch's messages (only `timestamp`, epoch ms as a string, is read). */
  readonly messages: readonly { readonly timestamp: string }[];
}

/**
 * Runs one batch attempt and records it: duration always; on success the batch, its messages
 * and the last record timestamp; on failure a batch failure (and the error is rethrown).
 */
export async function observeBatch<T>(metrics: CallfoldMetrics, batch: ObservedBatch, attempt: () => Promise<T>): Promise<T> {
  const labels = { topic: batch.topic };
  const started = process.hrtime.bigint();
  try {
    const result = await attempt();
    metrics.batches.inc(labels);
    if (batch.messages.length > 0) metrics.eventsConsumed.inc(labels, batch.messages.length);
    const last = batch.messages[batch.messages.length - 1];
    if (last && /^\d+$/.test(last.timestamp)) metrics.lastMessageTimestamp.set({ topic: batch.topic, partition: String(batch.partition) }, Number(last.timestamp) / 1000);
    return result;
  } catch (error) {
    metrics.batchFailures.inc(labels);
    throw error;
  } finally {
    metrics.batchDuration.observe(labels, seconds(started));
  }
}

/**
 * Rebalance hooks that keep `callfold_assigned_partitions` and `callfold_rebalances_total` up to
 * date, then call the service's own hooks (a restore on assignment, a drop on revocation).
 */
export function withRebalanceMetrics(metrics: CallfoldMetrics, groupId: string, hooks: RebalanceHooks = {}): Required<RebalanceHooks> {
  const held = new Map<string, TopicPartition>();
  const publish = (topics: Iterable<string>): void => {
    for (const topic of new Set(topics)) {
      const count = [...held.values()].filter((tp) => tp.topic === topic).length;
      metrics.assignedPartitions.set({ group: groupId, topic }, count);
    }
  };
  const key = (tp: TopicPartition): string => `${tp.topic}|${tp.partition}`;
  return {
    onAssigned: async (partitions) => {
      metrics.rebalances.inc({ group: groupId });
      for (const tp of partitions) held.set(key(tp), tp);
      publish(partitions.map((tp) => tp.topic));
      await hooks.onAssigned?.(partitions);
    },
    onRevoked: async (partitions) => {
      metrics.rebalances.inc({ group: groupId });
      for (const tp of partitions) held.delete(key(tp));
      publish(partitions.map((tp) => tp.topic));
      await hooks.onRevoked?.(partitions);
    },
  };
}

/** Times state restores and says whether the current one finished (the readiness gate). */
export interface RestoreTracker {
  /** Call when a restore starts; call the returned function when it finished. */
  begin(): () => void;
  /** True once the last restore begun has finished (and false before any restore began). */
  restored(): boolean;
}

export function createRestoreTracker(metrics: CallfoldMetrics, options: { restoredInitially?: boolean } = {}): RestoreTracker {
  let running = 0;
  let done = options.restoredInitially ?? false;
  metrics.stateRestored.set(done ? 1 : 0);
  return {
    begin() {
      running += 1;
      done = false;
      metrics.stateRestored.set(0);
      const started = process.hrtime.bigint();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        running -= 1;
        const took = seconds(started);
        metrics.stateRestoreDuration.observe(took);
        metrics.stateRestoreLastDuration.set(took);
        if (running === 0) {
          done = true;
          metrics.stateRestored.set(1);
        }
      };
    },
    restored: () => done,
  };
}
