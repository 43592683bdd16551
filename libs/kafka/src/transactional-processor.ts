import { engineOptions, type PartitionBatch } from './batch-consumer';
import { GroupMembership, partitionKey, type RebalanceHooks } from './group-membership';
import { createSilentLogger, type Logger } from './logger';
import { nextCommitOffset } from './offsets';
import { awaitWithHeartbeats, backoffDelay, type BackoffPolicy, DEFAULT_BACKOFF, type Sleep, sleepWithHeartbeats } from './retry-backoff';
import { type BatchControl, type ConsumerEngineOptions, type FetchedBatch, type InboundMessage, type KafkaClient, type RecordSender, type Transaction } from './kafka.port';

/**
 * Consume-process-produce, exactly once within Kafka (KIP-98): for each batch, one
 * transaction holds the outputs, the dead letters and the input offsets; it commits all of
 * them or none. Consumers of the outputs must read with isolation.level=read_committed (our
 * engines' default) or they would see the outputs of aborted transactions.
 *
 * kafkajs implements the pre-KIP-447 protocol: `sendOffsets` carries the group id only, not
 * the member and generation, so the coordinator cannot refuse offsets from a member that lost
 * the partition. The generation guard does it instead, right before the offsets are added and
 * again before the commit. `transactionalId` must be stable per instance (a restarted instance
 * with the same id fences its predecessor's open transaction when it connects).
 *
 * On a failure the transaction is aborted and the partition rewound (seek) to its last
 * committed offset, the first offset of the batch: the batch is fetched and processed again
 * after a backoff. If the abort itself fails (producer fenced, commit outcome unknown), the
 * processor stops and reports the error: only a fresh producer and a fresh read of the
 * committed offsets are safe then.
 */
export interface TransactionalProcessorOptions<T> extends Omit<ConsumerEngineOptions, 'readUncommitted' | 'partitionsConsumedConcurrently'>, RebalanceHooks {
  readonly client: Pick<KafkaClient, 'consumer' | 'transactionalProducer'>;
  readonly transactionalId: string;
  readonly transactionTimeoutMs?: number;
  readonly decode: (messages: readonly InboundMessage[]) => Promise<readonly T[]>;
  /**
   * Sends the batch's outputs (and dead letters) through `out`, the open transaction. Throw to
   * abort. May return an `AfterCommit` callback: it runs once the transaction committed, and
   * never if it aborted (e.g. to apply in-memory state only once its outputs are durable).
   */
  readonly process: (batch: PartitionBatch<T>, out: RecordSender) => Promise<void | AfterCommit>;
  readonly retry?: Partial<BackoffPolicy>;
  readonly heartbeatSliceMs?: number;
  readonly sleep?: Sleep;
  readonly logger?: Logger;
  /** Called once if the processor had to stop itself; the process should exit and restart. */
  readonly onFatal?: (error: Error) => void;
}

/** Runs right after a batch's transaction committed; must not throw (it cannot be undone). */
export type AfterCommit = () => void;

export interface TransactionalProcessor {
  start(): Promise<void>;
  stop(): Promise<void>;
  generation(): number;
}

/** The generation that fetched a batch ended before its transaction committed. */
export class StaleGenerationError extends Error {
  override readonly name = 'StaleGenerationError';
}

/** The transaction committed but its after-commit callback threw: in-memory state is unknown. */
export class AfterCommitFailedError extends Error {
  override readonly name = 'AfterCommitFailedError';
}

/** A transaction failed and could not be aborted either: the producer's state is unknown. */
export class TransactionAbortFailedError extends Error {
  override readonly name = 'TransactionAbortFailedError';
}

export function createTransactionalProcessor<T>(options: TransactionalProcessorOptions<T>): TransactionalProcessor {
  const logger = (options.logger ?? createSilentLogger()).child('transactional-processor');
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.retry };
  const sliceMs = options.heartbeatSliceMs ?? options.heartbeatIntervalMs ?? 3_000;
  const membership = new GroupMembership(options, logger);
  // One transaction at a time per producer: batches are processed one partition at a time.
  const engine = options.client.consumer({ ...engineOptions(options), partitionsConsumedConcurrently: 1, readUncommitted: false });
  const producer = options.client.transactionalProducer({ transactionalId: options.transactionalId, transactionTimeoutMs: options.transactionTimeoutMs });
  /** Failed attempts per partition, valid only in the generation that recorded them. */
  const failures = new Map<string, { generation: number; count: number }>();
  let state: 'new' | 'running' | 'stopped' = 'new';
  let stopping: Promise<void> | undefined;

  async function runTransaction(batch: FetchedBatch, control: BatchControl, decoded: readonly T[], generation: number, attempt: number): Promise<void> {
    const tp = { topic: batch.topic, partition: batch.partition };
    const first = batch.messages[0] as InboundMessage;
    const txn: Transaction = await producer.transaction();
    let afterCommit: void | AfterCommit;
    try {
      const items = batch.messages.map((message, i) => ({ message, decoded: decoded[i] as T }));
      afterCommit = await options.process({ ...tp, items, firstOffset: first.offset, lastOffset: batch.lastOffset, attempt, signal: membership.signal() }, txn);
      const fence = (): void => {
        if (!membership.owns(tp, generation)) throw new StaleGenerationError(`${partitionKey(tp)} is no longer owned by generation ${generation}`);
      };
      fence();
      await txn.sendOffsets(options.groupId, [{ ...tp, offset: nextCommitOffset(batch.lastOffset) }]);
      fence();
      await txn.commit();
    } catch (error) {
      try {
        await txn.abort();
      } catch (abortError) {
        const reason = abortError instanceof Error ? abortError.message : String(abortError);
        throw new TransactionAbortFailedError(`transaction of ${partitionKey(tp)} failed and could not be aborted: ${reason}`, { cause: error });
      }
      // Only a partition still owned is rewound: kafkajs keeps a seek of an unassigned partition
      // pending and would apply it if the partition came back later, below newer commits.
      if (membership.owns(tp, generation)) control.seek(first.offset);
      throw error;
    }
    try {
      afterCommit?.();
    } catch (error) {
      // The outputs are committed but the in-memory state that should match them is not: only
      // a restart (which rebuilds that state from Kafka) is safe now.
      throw new AfterCommitFailedError(`after-commit callback of ${partitionKey(tp)} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  function fail(error: Error): void {
    logger.error('transactional processor stops itself', { error });
    stopping ??= stop().finally(() => options.onFatal?.(error));
  }

  async function processBatch(batch: FetchedBatch, control: BatchControl): Promise<void> {
    const generation = membership.generation();
    const tp = { topic: batch.topic, partition: batch.partition };
    const key = partitionKey(tp);
    if (!membership.owns(tp, generation) || state !== 'running') return;
    if (!membership.isReady()) await awaitWithHeartbeats(membership.ready(), { heartbeat: () => control.heartbeat(), sliceMs, sleep: options.sleep });
    if (batch.messages.length === 0) return;
    const previous = failures.get(key);
    const attempt = previous && previous.generation === generation ? previous.count + 1 : 1;
    const where = { ...tp, generation, attempt, first: batch.messages[0]?.offset, last: batch.lastOffset };
    try {
      const decoded = await options.decode(batch.messages);
      await runTransaction(batch, control, decoded, generation, attempt);
    } catch (error) {
      if (error instanceof TransactionAbortFailedError || error instanceof AfterCommitFailedError) {
        fail(error);
        throw error;
      }
      if (error instanceof StaleGenerationError) {
        logger.warn('transaction aborted: partition lost meanwhile', where);
        return;
      }
      failures.set(key, { generation, count: attempt });
      if (attempt >= policy.maxAttempts) throw error;
      const delayMs = backoffDelay(attempt, policy);
      logger.warn('transaction aborted, batch rewound; retrying after backoff', { ...where, delayMs, error });
      const resume = control.pause();
      try {
        await sleepWithHeartbeats(delayMs, { heartbeat: () => control.heartbeat(), stillWanted: () => membership.owns(tp, generation) && control.isRunning(), sliceMs, sleep: options.sleep });
      } finally {
        resume();
      }
      return;
    }
    failures.delete(key);
    control.markConsumed(batch.lastOffset);
    logger.debug('transaction committed', where);
  }

  async function stop(): Promise<void> {
    if (state !== 'running') {
      state = 'stopped';
      return;
    }
    state = 'stopped';
    await engine.stop();
    await producer.disconnect();
    await membership.leave();
    logger.info('stopped', { groupId: options.groupId, transactionalId: options.transactionalId });
  }

  return {
    async start() {
      if (state !== 'new') throw new Error(`transactional processor cannot start: it is ${state}`);
      state = 'running';
      // Connecting a transactional producer runs InitProducerId: it fences any older producer
      // with this transactionalId and aborts the transaction it left open.
      await producer.connect();
      await engine.start(processBatch, membership);
      logger.info('started', { groupId: options.groupId, transactionalId: options.transactionalId });
    },
    stop: () => (stopping ??= stop()),
    generation: () => membership.generation(),
  };
}
