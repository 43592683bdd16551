import { join } from 'node:path';
import { clickHouseConfigFromEnv, type ClickHouseConfig, thresholdsFromEnv } from '@callfold/clickhouse';
import { Topics } from '@callfold/contracts';
import { type ThresholdPolicy } from '@callfold/domain';
import { kafkaSettingsFromEnv, type KafkaSettings, logLevelFromEnv, type LogLevel } from '@callfold/kafka';
import { type WriterTopics } from './writer.decoder';

/** How big and how late a batch may get; see docs/writer.md "Batching". */
export interface BatchingConfig {
  /** Most rows per ClickHouse insert; a larger partition batch is split (CALLFOLD_WRITER_MAX_ROWS). */
  readonly maxRows: number;
  /** Longest the broker holds a fetch waiting for `minBytes`: the time bound (fetch.max.wait.ms). */
  readonly maxWaitMs: number;
  /** Bytes the broker gathers before answering a fetch: the size target (fetch.min.bytes). */
  readonly minBytes: number;
  /** Most bytes of one partition per fetch: bounds one partition batch (max.partition.fetch.bytes). */
  readonly maxBytesPerPartition: number;
  /** Most bytes per fetch over all partitions (fetch.max.bytes). */
  readonly maxBytes: number;
  /**
   * Partition batches handed over at once (kafkajs partitionsConsumedConcurrently). The batches
   * handed over together are written as one group (one insert per table), so it should be at
   * least the number of partitions of both topics one writer holds.
   */
  readonly concurrency: number;
}

export interface WriterConfig {
  readonly groupId: string;
  readonly topics: WriterTopics;
  /** Database of callfold's tables; every statement names it, so the connection's default does not matter. */
  readonly database: string;
  readonly cluster?: string;
  readonly migrateOnStart: boolean;
  readonly migrationsDir: string;
  readonly batching: BatchingConfig;
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly kafka: KafkaSettings;
  readonly clickhouse: ClickHouseConfig;
  readonly thresholds: ThresholdPolicy;
  readonly logLevel: LogLevel;
}

export class WriterConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriterConfigError';
  }
}

export const DEFAULT_GROUP_ID = 'callfold-writer';
export const DEFAULT_DATABASE = 'callfold';
export const DEFAULT_MIGRATIONS_DIR = join(__dirname, '../../../deploy/clickhouse/migrations');

export const DEFAULT_BATCHING: BatchingConfig = {
  maxRows: 20_000,
  maxWaitMs: 1_000,
  minBytes: 1024 * 1024,
  maxBytesPerPartition: 8 * 1024 * 1024,
  maxBytes: 32 * 1024 * 1024,
  concurrency: 64,
};

export const DEFAULT_RETRY = { initialMs: 200, maxMs: 30_000 };

/** Every variable the writer reads itself (Kafka, registry and ClickHouse connection variables: docs/stack.md). */
export const WRITER_ENV_VARS = [
  'CALLFOLD_WRITER_GROUP_ID',
  'CALLFOLD_WRITER_CALL_EVENTS_TOPIC',
  'CALLFOLD_WRITER_CONVERSATIONS_TOPIC',
  'CALLFOLD_CLICKHOUSE_DATABASE',
  'CALLFOLD_CLICKHOUSE_CLUSTER',
  'CALLFOLD_MIGRATE_ON_START',
  'CALLFOLD_MIGRATIONS_DIR',
  'CALLFOLD_WRITER_MAX_ROWS',
  'CALLFOLD_WRITER_MAX_WAIT_MS',
  'CALLFOLD_WRITER_MIN_BYTES',
  'CALLFOLD_WRITER_MAX_BYTES_PER_PARTITION',
  'CALLFOLD_WRITER_MAX_BYTES',
  'CALLFOLD_WRITER_CONCURRENCY',
  'CALLFOLD_WRITER_RETRY_INITIAL_MS',
  'CALLFOLD_WRITER_RETRY_MAX_MS',
] as const;

const text = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name]?.trim() || undefined;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) throw new WriterConfigError(`${name} must be a positive integer, got "${raw}"`);
  return Number(raw);
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new WriterConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function identifier(env: NodeJS.ProcessEnv, name: string, fallback: string | undefined): string | undefined {
  const raw = text(env, name) ?? fallback;
  // Interpolated into DDL and queries: a plain identifier only.
  if (raw !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(raw)) throw new WriterConfigError(`${name} must be a plain identifier (letters, digits, _), got "${raw}"`);
  return raw;
}

/** The writer's settings, read once from the environment; throws WriterConfigError naming the variable. */
export function writerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WriterConfig {
  const batching: BatchingConfig = {
    maxRows: positiveInt(env, 'CALLFOLD_WRITER_MAX_ROWS', DEFAULT_BATCHING.maxRows),
    maxWaitMs: positiveInt(env, 'CALLFOLD_WRITER_MAX_WAIT_MS', DEFAULT_BATCHING.maxWaitMs),
    minBytes: positiveInt(env, 'CALLFOLD_WRITER_MIN_BYTES', DEFAULT_BATCHING.minBytes),
    maxBytesPerPartition: positiveInt(env, 'CALLFOLD_WRITER_MAX_BYTES_PER_PARTITION', DEFAULT_BATCHING.maxBytesPerPartition),
    maxBytes: positiveInt(env, 'CALLFOLD_WRITER_MAX_BYTES', DEFAULT_BATCHING.maxBytes),
    concurrency: positiveInt(env, 'CALLFOLD_WRITER_CONCURRENCY', DEFAULT_BATCHING.concurrency),
  };
  if (batching.maxBytes < batching.maxBytesPerPartition) {
    throw new WriterConfigError(`CALLFOLD_WRITER_MAX_BYTES (${batching.maxBytes}) must be at least CALLFOLD_WRITER_MAX_BYTES_PER_PARTITION (${batching.maxBytesPerPartition})`);
  }
  const retry = {
    initialMs: positiveInt(env, 'CALLFOLD_WRITER_RETRY_INITIAL_MS', DEFAULT_RETRY.initialMs),
    maxMs: positiveInt(env, 'CALLFOLD_WRITER_RETRY_MAX_MS', DEFAULT_RETRY.maxMs),
  };
  if (retry.maxMs < retry.initialMs) throw new WriterConfigError(`CALLFOLD_WRITER_RETRY_MAX_MS (${retry.maxMs}) must be at least CALLFOLD_WRITER_RETRY_INITIAL_MS (${retry.initialMs})`);
  // Overridable for tests and side-by-side environments; production uses the contract's names.
  const topics = {
    callEvents: text(env, 'CALLFOLD_WRITER_CALL_EVENTS_TOPIC') ?? Topics.callEvents,
    conversations: text(env, 'CALLFOLD_WRITER_CONVERSATIONS_TOPIC') ?? Topics.conversations,
  };
  if (topics.callEvents === topics.conversations) throw new WriterConfigError(`the call-events and conversations topics must differ, both are "${topics.callEvents}"`);
  return {
    groupId: text(env, 'CALLFOLD_WRITER_GROUP_ID') ?? DEFAULT_GROUP_ID,
    topics,
    database: identifier(env, 'CALLFOLD_CLICKHOUSE_DATABASE', DEFAULT_DATABASE) as string,
    cluster: identifier(env, 'CALLFOLD_CLICKHOUSE_CLUSTER', undefined),
    migrateOnStart: flag(env, 'CALLFOLD_MIGRATE_ON_START', false),
    migrationsDir: text(env, 'CALLFOLD_MIGRATIONS_DIR') ?? DEFAULT_MIGRATIONS_DIR,
    batching,
    retry,
    kafka: kafkaSettingsFromEnv(env),
    // The connection's default database stays the server's: the writer's database may not exist
    // before the first migration, and every statement names it anyway.
    clickhouse: { ...clickHouseConfigFromEnv(env), database: undefined },
    thresholds: thresholdsFromEnv(env),
    logLevel: logLevelFromEnv(env),
  };
}

/** The settings without secrets, for the startup log line. */
export function describeWriterConfig(config: WriterConfig): Record<string, unknown> {
  return {
    groupId: config.groupId,
    topics: [config.topics.callEvents, config.topics.conversations],
    clickhouse: config.clickhouse.url ? new URL(config.clickhouse.url).origin : `chdb:${config.clickhouse.chdbPath ?? '.data/chdb'}`,
    database: config.database,
    cluster: config.cluster ?? null,
    migrateOnStart: config.migrateOnStart,
    batching: config.batching,
    retry: config.retry,
  };
}
