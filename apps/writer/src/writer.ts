import { applyMigrations, type ClickHouseBackend, createAnalyticsSink, createClickHouseBackend, loadMigrations } from '@callfold/clickhouse';
import { type Conversation, createConversationReader, type Decoder } from '@callfold/contracts';
import {
  type BatchConsumerOptions,
  createBatchConsumer,
  createCallEventDecoder,
  createCallEventRegistry,
  createConfluentRegistryClient,
  createConsoleLogger,
  createKafkaClient,
  createSchemaRegistry,
  type KafkaClient,
  type Logger,
  type RegistryClient,
  type TopicPartition,
} from '@callfold/kafka';
import { type ServiceOps } from '@callfold/ops';
import { createBatchWriter } from './batch-writer';
import { createConversationDecoder } from './conversation.decoder';
import { createErasureFilter } from './erasure.lookup';
import { describeWriterConfig, type WriterConfig } from './writer.config';
import { createWriterDecoder } from './writer.decoder';
import { type WriterItem } from './writer-item';
import { WriterStats, type WriterStatsSnapshot } from './writer.stats';

export interface Writer {
  /** Applies the migrations if configured, then joins the group and starts consuming. */
  start(): Promise<void>;
  /** Finishes and commits the batch in flight, leaves the group, closes ClickHouse. Idempotent. */
  stop(): Promise<void>;
  stats(): WriterStatsSnapshot;
  /** The consumer's local group generation (see libs/kafka group-membership.ts). */
  generation(): number;
  assignment(): TopicPartition[];
}

export interface WriterDeps {
  readonly config: Pick<WriterConfig, 'groupId' | 'topics' | 'database' | 'cluster' | 'migrateOnStart' | 'migrationsDir' | 'batching' | 'retry' | 'thresholds'>;
  readonly backend: ClickHouseBackend;
  readonly kafka: Pick<KafkaClient, 'consumer'>;
  readonly registry: RegistryClient;
  readonly logger: Logger;
  /** Consumer settings beyond the config (session timeout, heartbeat, retry randomness), for tests and tuning. */
  readonly consumer?: Partial<Pick<BatchConsumerOptions<WriterItem>, 'sessionTimeoutMs' | 'heartbeatIntervalMs' | 'heartbeatSliceMs' | 'retry'>>;
  /** Metrics, liveness progress and lag (libs/ops); absent in tests that need none. */
  readonly ops?: ServiceOps;
}

/**
 * The writer, assembled from plain parts: registry readers and decoders for both topics, the
 * analytics sink, the batch writer, and libs/kafka's batch consumer (commit after the handler
 * resolved, generation guard, pause and retry in the group). Nest only calls start and stop.
 */
export function createWriter(deps: WriterDeps): Writer {
  const { config, backend } = deps;
  const logger = deps.logger;
  const callEventRegistry = createCallEventRegistry(deps.registry, { logger });
  const conversationRegistry = createSchemaRegistry<Decoder<Conversation>>({ client: deps.registry, buildReader: createConversationReader, logger });
  const decode = createWriterDecoder({
    topics: config.topics,
    callEvents: createCallEventDecoder((id) => callEventRegistry.readerFor(id)),
    conversations: createConversationDecoder((id) => conversationRegistry.readerFor(id)),
  });
  const sink = createAnalyticsSink({ backend, database: config.database, thresholds: config.thresholds, cluster: config.cluster });
  const stats = new WriterStats();
  const erasures = createErasureFilter({ backend, database: config.database });
  const batchWriter = createBatchWriter({ topics: config.topics, sink, maxRows: config.batching.maxRows, erasures, stats, logger });
  const consumer = createBatchConsumer<WriterItem>({
    client: deps.kafka,
    groupId: config.groupId,
    topics: [config.topics.callEvents, config.topics.conversations],
    // A new group loads everything the topics still hold; afterwards it resumes at its commits.
    fromBeginning: true,
    maxWaitTimeMs: config.batching.maxWaitMs,
    minBytes: config.batching.minBytes,
    maxBytesPerPartition: config.batching.maxBytesPerPartition,
    maxBytes: config.batching.maxBytes,
    partitionsConsumedConcurrently: config.batching.concurrency,
    ...deps.consumer,
    retry: { initialMs: config.retry.initialMs, maxMs: config.retry.maxMs, ...deps.consumer?.retry },
    logger,
    // Counted while under way, so the batches of one fetch are gathered into one group (one insert per table).
    decode: batchWriter.trackDecode(decode),
    handle: deps.ops ? deps.ops.instrumentHandler(batchWriter.handle) : batchWriter.handle,
    ...deps.ops?.rebalanceHooks(),
  });
  deps.ops?.trackAssignment(() => consumer.assignment());
  let stopping: Promise<void> | undefined;

  return {
    async start() {
      if (config.migrateOnStart) {
        const report = await applyMigrations(backend, loadMigrations(config.migrationsDir), { database: config.database, cluster: config.cluster }, (line) => logger.info(line));
        logger.info('migrations checked', { database: config.database, applied: report.applied.length, alreadyApplied: report.alreadyApplied.length });
      }
      await consumer.start();
      deps.ops?.lag.start();
    },
    stop() {
      stopping ??= (async () => {
        try {
          await deps.ops?.lag.stop();
          await consumer.stop();
        } finally {
          await backend.close();
          logger.info('stopped', { ...stats.snapshot() });
        }
      })();
      return stopping;
    },
    stats: () => stats.snapshot(),
    generation: () => consumer.generation(),
    assignment: () => consumer.assignment(),
  };
}

/** What the production wiring shares with the Nest shell (its health checks read them). */
export interface WriterRuntime {
  readonly logger: Logger;
  readonly kafka: KafkaClient;
  readonly backend: ClickHouseBackend;
  readonly ops?: ServiceOps;
}

/** The production runtime: console logger, kafkajs client, ClickHouse from the config. */
export function writerRuntime(config: WriterConfig): Omit<WriterRuntime, 'ops'> {
  const logger = createConsoleLogger({ namespace: 'writer', level: config.logLevel });
  return { logger, kafka: createKafkaClient(config.kafka, { logger }), backend: createClickHouseBackend(config.clickhouse) };
}

/** The production wiring: the runtime's clients, the registry over HTTP, ClickHouse instrumented when ops are on. */
export async function startWriter(config: WriterConfig, runtime: WriterRuntime = writerRuntime(config)): Promise<Writer> {
  const { logger, ops } = runtime;
  logger.info('starting', describeWriterConfig(config));
  const writer = createWriter({
    config,
    backend: ops ? ops.instrumentBackend(runtime.backend) : runtime.backend,
    kafka: runtime.kafka,
    registry: createConfluentRegistryClient(config.kafka.registry, { clientId: config.kafka.clientId }),
    logger,
    ops,
  });
  try {
    await writer.start();
  } catch (error) {
    await writer.stop().catch(() => undefined);
    throw error;
  }
  logger.info('started');
  return writer;
}
