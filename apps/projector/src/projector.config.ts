import { hostname } from 'node:os';
import { Topics } from '@callfold/contracts';
import { kafkaSettingsFromEnv, type KafkaSettings, logLevelFromEnv, type LogLevel } from '@callfold/kafka';
import { type GracePolicy } from './grace';

/** The consumer group of every projector instance (brief, issue 4). */
export const PROJECTOR_GROUP_ID = 'callfold-projector';

export interface ProjectorTopics {
  readonly callEvents: string;
  /** Compacted, co-partitioned with callEvents. */
  readonly conversations: string;
  readonly deadLetters: string;
}

export interface ProjectorConfig extends GracePolicy {
  readonly kafka: KafkaSettings;
  /** Stable per instance (a StatefulSet ordinal, a host name): the transactional id derives from it. */
  readonly instanceId: string;
  readonly groupId: string;
  readonly transactionalId: string;
  readonly transactionTimeoutMs: number;
  readonly topics: ProjectorTopics;
  /** Partitions of the call-events topic if the projector has to create it; conversations always get the same count. */
  readonly defaultPartitions: number;
  /** Upper bound of one send in a batch transaction (projections or dead letters), below the broker's message.max.bytes. */
  readonly maxSendBytes: number;
  readonly logLevel: LogLevel;
}

export const DEFAULT_GRACE_MS = 60 * 60 * 1000;
export const DEFAULT_EVICTED_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * delete.retention.ms of the conversations topic beyond the evicted-memory horizon: tombstones are
 * kept for wall-clock time while the horizon is event time, so the margin covers a projector that
 * lags or is down for up to a day.
 */
export const TOMBSTONE_RETENTION_MARGIN_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
export const DEFAULT_TRANSACTION_TIMEOUT_MS = 30_000;
export const DEFAULT_PARTITIONS = 6;
/** Half of Kafka's default message.max.bytes (1 MB). */
export const DEFAULT_MAX_SEND_BYTES = 512 * 1024;

export class ProjectorConfigError extends Error {
  override readonly name = 'ProjectorConfigError';
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new ProjectorConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

/** Kafka transactional ids allow these characters; anything else in a host name becomes "-". */
function idSafe(text: string): string {
  return text.replace(/[^a-zA-Z0-9._-]/g, '-');
}

/**
 * Reads the projector's settings from the environment, on top of libs/kafka's CALLFOLD_KAFKA_*
 * and CALLFOLD_SCHEMA_REGISTRY_* settings:
 * - CALLFOLD_PROJECTOR_INSTANCE_ID: default the host name; the transactional id is
 *   `callfold-projector.<instance id>`. Keep it stable across restarts of the same instance (a
 *   StatefulSet pod name is) so a restarted instance fences its predecessor's open transaction.
 * - CALLFOLD_PROJECTOR_GRACE_MS (default 1 h), CALLFOLD_PROJECTOR_EVICTED_MEMORY_MS (7 days or the
 *   grace period if longer; must be >= the grace period), CALLFOLD_PROJECTOR_MAX_FUTURE_SKEW_MS (5 min),
 *   CALLFOLD_PROJECTOR_TRANSACTION_TIMEOUT_MS (30 s), CALLFOLD_PROJECTOR_DEFAULT_PARTITIONS (6),
 *   CALLFOLD_PROJECTOR_MAX_SEND_BYTES (512 KiB), CALLFOLD_LOG_LEVEL.
 */
export function projectorConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const instanceId = idSafe(env['CALLFOLD_PROJECTOR_INSTANCE_ID']?.trim() || hostname() || 'projector');
  const graceMs = wholeNumber(env, 'CALLFOLD_PROJECTOR_GRACE_MS', DEFAULT_GRACE_MS, 0);
  const evictedMemoryMs = wholeNumber(env, 'CALLFOLD_PROJECTOR_EVICTED_MEMORY_MS', Math.max(DEFAULT_EVICTED_MEMORY_MS, graceMs), 0);
  if (evictedMemoryMs < graceMs) {
    throw new ProjectorConfigError(`CALLFOLD_PROJECTOR_EVICTED_MEMORY_MS (${evictedMemoryMs}) must be at least CALLFOLD_PROJECTOR_GRACE_MS (${graceMs})`);
  }
  return {
    kafka: kafkaSettingsFromEnv(env),
    instanceId,
    groupId: PROJECTOR_GROUP_ID,
    transactionalId: `${PROJECTOR_GROUP_ID}.${instanceId}`,
    transactionTimeoutMs: wholeNumber(env, 'CALLFOLD_PROJECTOR_TRANSACTION_TIMEOUT_MS', DEFAULT_TRANSACTION_TIMEOUT_MS, 1_000),
    topics: { callEvents: Topics.callEvents, conversations: Topics.conversations, deadLetters: Topics.deadLetters },
    defaultPartitions: wholeNumber(env, 'CALLFOLD_PROJECTOR_DEFAULT_PARTITIONS', DEFAULT_PARTITIONS, 1),
    maxSendBytes: wholeNumber(env, 'CALLFOLD_PROJECTOR_MAX_SEND_BYTES', DEFAULT_MAX_SEND_BYTES, 1_024),
    graceMs,
    maxFutureSkewMs: wholeNumber(env, 'CALLFOLD_PROJECTOR_MAX_FUTURE_SKEW_MS', DEFAULT_MAX_FUTURE_SKEW_MS, 0),
    evictedMemoryMs,
    logLevel: logLevelFromEnv(env),
  };
}

/** delete.retention.ms for the conversations topic: the evicted-memory horizon plus a margin (restore rebuilds the memory from tombstones). */
export function tombstoneRetentionMsOf(policy: Pick<GracePolicy, 'evictedMemoryMs'>): number {
  return policy.evictedMemoryMs + TOMBSTONE_RETENTION_MARGIN_MS;
}

/** The settings as logged at start (libs/kafka's description never contains a secret). */
export function describeProjectorConfig(config: ProjectorConfig): Record<string, unknown> {
  const { kafka: _kafka, ...rest } = config;
  return rest;
}
