import { type ClickHouseBackend } from '@callfold/clickhouse';
import { type KafkaClient, type KafkaSettings, type Logger, type RegistryClient } from '@callfold/kafka';
import { type PipelineNames } from './pipeline-types';
import { loadProjector, loadProjectorConfig, loadWriter, loadWriterConfig } from './services';

/**
 * The two services as the bench runs them: built by their own factories from their own
 * configuration (environment defaults, as `main.ts` reads them), with only the names changed and
 * the observed Kafka client and ClickHouse backend as dependencies. Used in this process
 * (`--mode in-process`) and in the service children (`--mode processes`, service.child.ts).
 */
export interface BenchService {
  start(): Promise<void>;
  stop(): Promise<void>;
  counters(): Record<string, unknown>;
}

export async function createBenchProjector(options: {
  readonly settings: KafkaSettings;
  readonly names: PipelineNames;
  readonly partitions: number;
  readonly client: KafkaClient;
  readonly registry: RegistryClient;
  readonly logger: Logger;
}): Promise<BenchService> {
  const [{ createProjector }, { projectorConfigFromEnv }] = await Promise.all([loadProjector(), loadProjectorConfig()]);
  const { names, logger } = options;
  const projector = createProjector(
    {
      ...projectorConfigFromEnv(process.env),
      kafka: options.settings,
      instanceId: 'bench-0',
      groupId: names.projectorGroup,
      transactionalId: names.transactionalId,
      topics: names.topics,
      defaultPartitions: options.partitions,
    },
    { client: options.client, registryClient: options.registry, logger },
    { onFatal: (error) => logger.error('projector stopped itself', { error }) },
  );
  return { start: () => projector.start(), stop: () => projector.stop(), counters: () => ({ ...projector.counters() }) };
}

export async function createBenchWriter(options: {
  readonly names: PipelineNames;
  readonly client: KafkaClient;
  readonly backend: ClickHouseBackend;
  readonly registry: RegistryClient;
  readonly logger: Logger;
}): Promise<BenchService> {
  const [{ createWriter }, { writerConfigFromEnv }] = await Promise.all([loadWriter(), loadWriterConfig()]);
  const { names } = options;
  const writer = createWriter({
    config: {
      ...writerConfigFromEnv(process.env),
      groupId: names.writerGroup,
      topics: { callEvents: names.topics.callEvents, conversations: names.topics.conversations },
      database: names.database,
      migrateOnStart: false,
    },
    backend: options.backend,
    kafka: options.client,
    registry: options.registry,
    logger: options.logger,
  });
  return { start: () => writer.start(), stop: () => writer.stop(), counters: () => ({ ...writer.stats() }) };
}
