import { GroupMembership, type RebalanceHooks } from './group-membership';
import { createSilentLogger, type Logger } from './logger';
import { nextCommitOffset } from './offsets';
import { awaitWithHeartbeats, backoffDelay, type BackoffPolicy, DEFAULT_BACKOFF, type Sleep, sleepWithHeartbeats } from './retry-backoff';
import {
  type BatchControl,
  type ConsumerEngineOptions,
  type FetchedBatch,
  type InboundMessage,
  type KafkaClient,
  type TopicPartition,
} from './kafka.port';

/**
 * The layered consumer: engine (kafkajs eachBatch) -> generation guard -> decode -> handler
 * with retries -> commit. The handler gets one partition's batch, decoded or rejected message
 * by message, and returns when its sink confirmed the write; only then is the batch committed.
 *
 * On a failing sink (or registry) the partition is paused and the same batch is retried with
 * exponential backoff, heartbeating all along, so the member is never evicted and no other
 * member gets the partition: nothing is skipped, and nothing is delivered twice by the retry
 * itself. A rebalance or stop() during the retries abandons the batch uncommitted: its new
 * owner starts again from the last commit (at-least-once; sinks deduplicate by event id).
 */
export interface DecodedItem<T> {
  readonly message: InboundMessage;
  readonly decoded: T;
}

export interface PartitionBatch<T> {
  readonly topic: string;
  readonly partition: number;
  readonly items: readonly DecodedItem<T>[];
  readonly firstOffset: string;
  readonly lastOffset: string;
  /** 1 on the first delivery of this batch to the handler, 2 on the first retry, ... */
  readonly attempt: number;
  /** Aborted when the generation this batch belongs to ends: a slow sink may give up early. */
  readonly signal: AbortSignal;
}

export interface BatchConsumerOptions<T> extends Omit<ConsumerEngineOptions, 'readUncommitted'>, RebalanceHooks {
  readonly client: Pick<KafkaClient, 'consumer'>;
  /** Turns raw messages into decoded-or-rejected values, one per message, in order. Throws only on transient failure (registry down). */
  readonly decode: (messages: readonly InboundMessage[]) => Promise<readonly T[]>;
  /** Writes the batch to its sink; resolves once the sink confirmed. Throws to retry. */
  readonly handle: (batch: PartitionBatch<T>) => Promise<void>;
  readonly retry?: Partial<BackoffPolicy>;
  /** Longest pause between heartbeats while retrying or waiting for hooks; default: the heartbeat interval. */
  readonly heartbeatSliceMs?: number;
  readonly sleep?: Sleep;
  readonly logger?: Logger;
}

export interface BatchConsumer {
  start(): Promise<void>;
  /** Lets the batch in flight finish and commit, leaves the group, disconnects. */
  stop(): Promise<void>;
  assignment(): TopicPartition[];
  generation(): number;
}

export class RetriesExhaustedError extends Error {
  constructor(
    readonly partition: TopicPartition,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`batch of ${partition.topic}[${partition.partition}] failed ${attempts} times`, options);
    this.name = 'RetriesExhaustedError';
  }
}

/** The engine settings out of a larger options object (which also carries functions). */
export function engineOptions(options: ConsumerEngineOptions): ConsumerEngineOptions {
  const { groupId, topics, fromBeginning, sessionTimeoutMs, rebalanceTimeoutMs, heartbeatIntervalMs, maxBytes, maxBytesPerPartition, minBytes, maxWaitTimeMs, partitionsConsumedConcurrently, readUncommitted } = options;
  return { groupId, topics, fromBeginning, sessionTimeoutMs, rebalanceTimeoutMs, heartbeatIntervalMs, maxBytes, maxBytesPerPartition, minBytes, maxWaitTimeMs, partitionsConsumedConcurrently, readUncommitted };
}

export function createBatchConsumer<T>(options: BatchConsumerOptions<T>): BatchConsumer {
  const logger = (options.logger ?? createSilentLogger()).child('batch-consumer');
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.retry };
  const sliceMs = options.heartbeatSliceMs ?? options.heartbeatIntervalMs ?? 3_000;
  const membership = new GroupMembership(options, logger);
  const engine = options.client.consumer({ ...engineOptions(options), readUncommitted: false });
  let state: 'new' | 'running' | 'stopped' = 'new';
  let stopping: Promise<void> | undefined;

  async function processBatch(batch: FetchedBatch, control: BatchControl): Promise<void> {
    const generation = membership.generation();
    const tp = { topic: batch.topic, partition: batch.partition };
    const where = { topic: tp.topic, partition: tp.partition, generation, first: batch.messages[0]?.offset, last: batch.lastOffset };
    if (!membership.owns(tp, generation)) {
      logger.warn('stale batch ignored: partition not owned in this generation', where);
      return;
    }
    if (batch.messages.length === 0) {
      // Control records only (a trailing transaction marker): nothing to handle, but without a
      // commit past them the group's lag never reaches 0 (control-records.ts).
      await control.commit(nextCommitOffset(batch.lastOffset));
      return;
    }
    if (!membership.isReady()) await awaitWithHeartbeats(membership.ready(), { heartbeat: () => control.heartbeat(), sliceMs, sleep: options.sleep });
    const first = batch.messages[0];
    if (!first) return;

    // May this batch still be worked on? Not after a rebalance took the partition, not once a
    // seek outdated it, and (for new attempts only) not once stop() was called.
    const owned = (): boolean => membership.owns(tp, generation) && !control.isStale();
    const signal = membership.signal();
    let decoded: readonly T[] | undefined;
    let resume: (() => void) | undefined;
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          decoded ??= await options.decode(batch.messages);
          const items = batch.messages.map((message, i) => ({ message, decoded: (decoded as readonly T[])[i] as T }));
          await options.handle({ ...tp, items, firstOffset: first.offset, lastOffset: batch.lastOffset, attempt, signal });
          break;
        } catch (error) {
          if (attempt >= policy.maxAttempts) throw new RetriesExhaustedError(tp, attempt, { cause: error });
          // Paused, kafkajs fetches nothing more of this partition while the batch is held.
          resume ??= control.pause();
          const delayMs = backoffDelay(attempt, policy);
          logger.warn('batch failed, retrying', { ...where, attempt, delayMs, error });
          const retry = await sleepWithHeartbeats(delayMs, { heartbeat: () => control.heartbeat(), stillWanted: () => owned() && control.isRunning(), sliceMs, sleep: options.sleep });
          if (!retry) {
            logger.info('failing batch abandoned uncommitted (revoked, stale or stopping)', { ...where, attempt });
            return;
          }
        }
      }
      if (!owned()) {
        logger.warn('handled batch not committed: partition lost meanwhile, its next owner replays it', where);
        return;
      }
      control.markConsumed(batch.lastOffset);
      await control.commit(nextCommitOffset(batch.lastOffset));
      logger.debug('batch committed', { ...where, messages: batch.messages.length });
    } finally {
      resume?.();
    }
  }

  return {
    async start() {
      if (state !== 'new') throw new Error(`batch consumer cannot start: it is ${state}`);
      state = 'running';
      logger.info('starting', { groupId: options.groupId, topics: options.topics });
      await engine.start(processBatch, membership);
    },
    stop() {
      stopping ??= (async () => {
        const wasRunning = state === 'running';
        state = 'stopped';
        if (!wasRunning) return;
        await engine.stop();
        await membership.leave();
        logger.info('stopped', { groupId: options.groupId });
      })();
      return stopping;
    },
    assignment: () => membership.assignment(),
    generation: () => membership.generation(),
  };
}
