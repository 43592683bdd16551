import { createConversationReader, standaloneSchema } from '@callfold/contracts';
import {
  type AfterCommit,
  type BackoffPolicy,
  createCallEventDecoder,
  createCallEventRegistry,
  createConfluentRegistryClient,
  createConsoleLogger,
  createDeadLetterPublisher,
  createKafkaClient,
  createSchemaRegistry,
  createTransactionalProcessor,
  type DecodedCallEvent,
  type KafkaClient,
  type Logger,
  type PartitionBatch,
  type RecordSender,
  type RegistryClient,
  type TopicPartition,
  type TransactionalProcessor,
} from '@callfold/kafka';
import { type DeadLetterItem, projectBatch } from './batch-projection';
import { describeProjectorConfig, type ProjectorConfig, tombstoneRetentionMsOf } from './projector.config';
import { ProjectorCounters, type ProjectorCountersSnapshot } from './projector.counters';
import { type ProjectorMetrics } from './projector.metrics';
import { projectionSends } from './projection-records';
import { restorePartitions } from './restore';
import { chunkBySize, recordSize } from './send-chunks';
import { StateStore } from './state-store';
import { ensureTopics } from './topics.setup';

export interface ProjectorDeps {
  readonly client: KafkaClient;
  readonly registryClient: RegistryClient;
  readonly logger: Logger;
  /** Metrics, liveness and lag (libs/ops); absent in tests that need none. */
  readonly metrics?: ProjectorMetrics;
}

export interface ProjectorOptions {
  /** Called once if the projector had to stop itself (transaction outcome unknown); the process should exit and restart. */
  readonly onFatal?: (error: Error) => void;
  /** Consumer fetch wait; tests shorten it. */
  readonly maxWaitTimeMs?: number;
  readonly retry?: Partial<BackoffPolicy>;
  /** Longest pause between heartbeats while a batch waits for a restore or a retry; default 3 s (the heartbeat interval). */
  readonly heartbeatSliceMs?: number;
  /** Partition batches of one fetch gathered into one transaction at most; 1 = one transaction per partition batch (benchmarks compare). */
  readonly partitionsConsumedConcurrently?: number;
}

export interface Projector {
  start(): Promise<void>;
  /** Finishes the batch in flight (its transaction commits), leaves the group, disconnects. */
  stop(): Promise<void>;
  counters(): ProjectorCountersSnapshot;
  /** Owned partitions, live-state size and remembered evictions. */
  state(): { partitions: number[]; entries: number; closing: number; remembered: number };
}

/** TopicNameStrategy, as contracts' Subjects: `<topic>-value`. */
const subjectOf = (topic: string): string => `${topic}-value`;

/** The projector's dead letters only ever go through its batch transaction. */
const transactionOnly: RecordSender = {
  send: () => Promise.reject(new Error('projector dead letters are sent in the batch transaction only')),
};

/**
 * The projector (docs/projector.md): call events in, conversation projections out, exactly once
 * within Kafka. Wiring only; the work is in projectBatch (fold), BatchOverlay (apply after
 * commit), restorePartitions (changelog restore) and grace.ts (closing).
 */
export function createProjector(config: ProjectorConfig, deps: ProjectorDeps, options: ProjectorOptions = {}): Projector {
  const logger = deps.logger;
  const { topics } = config;
  const store = new StateStore();
  const counters = new ProjectorCounters();
  let processor: TransactionalProcessor | undefined;
  let state: 'new' | 'starting' | 'running' | 'stopped' = 'new';

  async function prepare(): Promise<TransactionalProcessor> {
    const admin = deps.client.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, topics, { defaultPartitions: config.defaultPartitions, tombstoneRetentionMs: tombstoneRetentionMsOf(config) }, logger);
    } finally {
      await admin.disconnect();
    }
    const callEventRegistry = createCallEventRegistry(deps.registryClient, { logger });
    const conversationRegistry = createSchemaRegistry({ client: deps.registryClient, buildReader: createConversationReader, logger });
    const [conversationSchemaId, deadLetterSchemaId] = await Promise.all([
      conversationRegistry.register(subjectOf(topics.conversations), standaloneSchema('Conversation')),
      // The publisher registers lazily too; the same registry answers it from cache.
      callEventRegistry.register(subjectOf(topics.deadLetters), standaloneSchema('DeadLetter')),
    ]);
    logger.info('schemas registered', { conversation: conversationSchemaId, deadLetter: deadLetterSchemaId });

    const decoder = createCallEventDecoder((id) => callEventRegistry.readerFor(id));
    const deadLetters = createDeadLetterPublisher({
      producer: transactionOnly,
      registry: callEventRegistry,
      service: 'projector',
      topic: topics.deadLetters,
      subject: subjectOf(topics.deadLetters),
      logger,
    });

    async function process(batch: PartitionBatch<DecodedCallEvent>, out: RecordSender): Promise<AfterCommit> {
      deps.metrics?.batchStarted();
      const partition = store.get(batch.partition);
      // Cannot happen while the generation guard holds (hooks finish before batches run); abort, not guess.
      if (!partition) throw new Error(`no live state for ${batch.topic}[${batch.partition}]: not restored`);
      const result = projectBatch(partition, batch.items, config);
      for (const chunk of projectionSends(result, batch.partition, conversationSchemaId, config.maxSendBytes)) await out.send(topics.conversations, chunk);
      // A dead letter carries the original message whole, plus its context.
      const deadLetterSize = ({ message, cause }: DeadLetterItem) => recordSize(message) + cause.detail.length + 512;
      for (const chunk of chunkBySize(result.deadLetters, deadLetterSize, config.maxSendBytes)) await deadLetters.publish(chunk, out);
      return () => {
        result.overlay.commit();
        counters.committed(result);
        deps.metrics?.committed(batch, result, store.stats());
        if (result.evicted.length > 0) logger.debug('conversations evicted', { partition: batch.partition, evicted: result.evicted.length, cutoff: result.overlay.cutoff });
      };
    }

    const restoreOptions = {
      client: deps.client,
      topic: topics.conversations,
      readerFor: (id: number) => conversationRegistry.readerFor(id),
      currentSchemaId: conversationSchemaId,
      evictedMemoryMs: config.evictedMemoryMs,
      groupIdPrefix: config.groupId,
      logger,
    };
    const ofInput = (partitions: readonly TopicPartition[]) => partitions.filter((tp) => tp.topic === topics.callEvents).map((tp) => tp.partition);

    return createTransactionalProcessor<DecodedCallEvent>({
      client: deps.client,
      groupId: config.groupId,
      topics: [topics.callEvents],
      // A new projector group folds the whole history of call-events.
      fromBeginning: true,
      transactionalId: config.transactionalId,
      transactionTimeoutMs: config.transactionTimeoutMs,
      maxWaitTimeMs: options.maxWaitTimeMs,
      retry: options.retry,
      heartbeatSliceMs: options.heartbeatSliceMs,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      logger,
      decode: (messages) => decoder.decodeBatch(messages),
      process,
      onAssigned: async (assigned) => {
        await deps.metrics?.rebalance.onAssigned(assigned);
        const partitions = ofInput(assigned);
        if (partitions.length === 0) return;
        const restoreDone = deps.metrics?.restore.begin();
        try {
          for (const restored of await restorePartitions(restoreOptions, partitions)) {
            store.install(restored.state);
            counters.restored(restored);
          }
          restoreDone?.();
        } catch (error) {
          // The partitions' batches wait for this hook and fail with it: kafkajs restarts the
          // consumer, which rejoins and restores again.
          logger.error('restore failed', { partitions, error });
          throw error;
        }
      },
      onRevoked: async (revoked) => {
        await deps.metrics?.rebalance.onRevoked(revoked);
        const partitions = ofInput(revoked);
        for (const partition of partitions) store.drop(partition);
        if (partitions.length > 0) logger.info('partitions revoked, live state dropped', { partitions });
      },
      onFatal: options.onFatal,
      onTransactionEnd: (outcome) => deps.metrics?.transactionEnded(outcome),
    });
  }

  return {
    async start() {
      if (state !== 'new') throw new Error(`projector cannot start: it is ${state}`);
      state = 'starting';
      logger.info('projector starting', describeProjectorConfig(config));
      processor = await prepare();
      await processor.start();
      state = 'running';
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      await processor?.stop();
      logger.info('projector stopped', { counters: counters.snapshot() });
    },
    counters: () => counters.snapshot(),
    state: () => store.stats(),
  };
}

/** What the production wiring shares with the Nest shell (its health checks read it). */
export interface ProjectorRuntime {
  readonly logger: Logger;
  readonly client: KafkaClient;
  readonly metrics?: ProjectorMetrics;
}

/** The production runtime: console logger and Kafka client from the config. */
export function projectorRuntime(config: ProjectorConfig): ProjectorRuntime {
  const logger = createConsoleLogger({ namespace: 'projector', level: config.logLevel });
  return { logger, client: createKafkaClient(config.kafka, { logger }) };
}

/**
 * Everything `main` needs in one call: the runtime's clients, the registry client from the
 * config, then the projector, started. The Nest service calls this on bootstrap and `stop()` on shutdown.
 */
export async function startProjector(config: ProjectorConfig, options: ProjectorOptions = {}, runtime: ProjectorRuntime = projectorRuntime(config)): Promise<Projector> {
  const registryClient = createConfluentRegistryClient(config.kafka.registry);
  const projector = createProjector(config, { client: runtime.client, registryClient, logger: runtime.logger, metrics: runtime.metrics }, options);
  try {
    await projector.start();
  } catch (error) {
    await projector.stop().catch(() => undefined);
    throw error;
  }
  return projector;
}
