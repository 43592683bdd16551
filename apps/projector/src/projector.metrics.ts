import { type DecodedCallEvent, type PartitionBatch } from '@callfold/kafka';
import { createRestoreTracker, type RestoreTracker, type ServiceOps } from '@callfold/ops';
import { type BatchProjection } from './batch-projection';

/**
 * The projector's metrics, fed from the points where its plain code already knows the facts:
 * a batch's transaction committed (events, dead letters by reason, state size), a restore began
 * and finished. Kept out of the fold itself: nothing here runs on the per-event path.
 */
export function projectorMetrics(ops: ServiceOps) {
  const { metrics } = ops;
  const restore: RestoreTracker = createRestoreTracker(metrics);
  const rebalance = ops.rebalanceHooks();
  return {
    restore,
    /** Assigned-partition gauge and rebalance counter. */
    rebalance,
    /** One Kafka transaction ended; it holds the partition batches of one fetch (libs/kafka transaction-group.ts). */
    transactionEnded(outcome: 'committed' | 'aborted'): void {
      (outcome === 'committed' ? metrics.transactionCommits : metrics.transactionAborts).inc();
    },
    batchStarted(): void {
      ops.progress.tick();
    },
    committed(batch: PartitionBatch<DecodedCallEvent>, result: BatchProjection, state: { entries: number; closing: number }): void {
      const labels = { topic: batch.topic };
      metrics.batches.inc(labels);
      metrics.eventsConsumed.inc(labels, batch.items.length);
      for (const { cause } of result.deadLetters) metrics.deadLetters.inc({ topic: batch.topic, reason: cause.reason });
      const last = batch.items[batch.items.length - 1];
      if (last) metrics.lastMessageTimestamp.set({ topic: batch.topic, partition: String(batch.partition) }, Number(last.message.timestamp) / 1000);
      metrics.conversationsInState.set({ status: 'open' }, state.entries - state.closing);
      metrics.conversationsInState.set({ status: 'closed' }, state.closing);
      ops.progress.tick();
    },
  };
}

export type ProjectorMetrics = ReturnType<typeof projectorMetrics>;
