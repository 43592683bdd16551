import { type ClickHouseBackend } from '@callfold/clickhouse';
import { type KafkaAdmin, type Logger, type PartitionBatch, type RebalanceHooks, type TopicPartition } from '@callfold/kafka';
import { type ReadinessCheck, ProgressTracker, kafkaCheck } from './health/health';
import { type OpsModuleOptions } from './health/ops.module';
import { instrumentClickHouse, observeBatch, withRebalanceMetrics } from './instrument';
import { createLagMonitor, type LagMonitor } from './lag.monitor';
import { type CallfoldMetrics, createMetrics } from './metrics';

export interface ServiceOpsOptions {
  readonly service: 'projector' | 'writer' | 'simulator';
  readonly groupId: string;
  /** Topics the service consumes: lag is watched on these. */
  readonly topics: readonly string[];
  /** A dedicated admin (the lag monitor connects and disconnects it). */
  readonly admin: KafkaAdmin;
  readonly lagIntervalMs: number;
  readonly maxSilenceMs: number;
  readonly logger?: Logger;
}

/**
 * Everything a consuming service needs to be operated, assembled once: metrics, the progress
 * tracker behind liveness, the lag monitor, and wrappers that instrument its batch handler,
 * rebalance hooks and ClickHouse backend. The service keeps its plain code; it only passes its
 * handler, hooks and backend through these wrappers, and Nest serves `moduleOptions`.
 */
export function createServiceOps(options: ServiceOpsOptions) {
  const metrics: CallfoldMetrics = createMetrics({ service: options.service });
  const progress = new ProgressTracker({ metrics });
  const lag: LagMonitor = createLagMonitor({
    admin: options.admin,
    groups: [{ groupId: options.groupId, topics: options.topics }],
    intervalMs: options.lagIntervalMs,
    metrics,
    logger: options.logger,
  });
  let assignment: () => readonly TopicPartition[] = () => [];

  return {
    metrics,
    progress,
    lag,
    /** Ticks liveness around every batch attempt and records batch metrics. */
    instrumentHandler<T>(handle: (batch: PartitionBatch<T>) => Promise<void>) {
      return async (batch: PartitionBatch<T>): Promise<void> => {
        progress.tick();
        try {
          await observeBatch(metrics, { topic: batch.topic, partition: batch.partition, messages: batch.items.map((i) => i.message) }, () => handle(batch));
        } finally {
          progress.tick();
        }
      };
    },
    rebalanceHooks(hooks: RebalanceHooks = {}): Required<RebalanceHooks> {
      return withRebalanceMetrics(metrics, options.groupId, hooks);
    },
    instrumentBackend(backend: ClickHouseBackend): ClickHouseBackend {
      return instrumentClickHouse(backend, metrics);
    },
    /** Lets liveness ask how much work waits on this member's own partitions. */
    trackAssignment(current: () => readonly TopicPartition[]): void {
      assignment = current;
    },
    /** What `OpsModule.forRoot` needs; `checks` are the service's own readiness conditions. */
    moduleOptions(checks: readonly ReadinessCheck[]): OpsModuleOptions {
      const topic = options.topics[0];
      return {
        metrics,
        checks: topic === undefined ? checks : [...checks, kafkaCheck(() => options.admin.endOffsets(topic))],
        liveness: { progress, maxSilenceMs: options.maxSilenceMs, pendingWork: () => lag.pending(options.groupId, [...assignment()]) },
      };
    },
  };
}

export type ServiceOps = ReturnType<typeof createServiceOps>;
