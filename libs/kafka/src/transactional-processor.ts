import { engineOptions, type PartitionBatch } from './batch-consumer';
import { GroupMembership, partitionKey, type RebalanceHooks } from './group-membership';
import { createSilentLogger, type Logger } from './logger';
import { awaitWithHeartbeats, backoffDelay, type BackoffPolicy, DEFAULT_BACKOFF, type Sleep, sleepWithHeartbeats } from './retry-backoff';
import { type BatchControl, type ConsumerEngineOptions, type FetchedBatch, type InboundMessage, type KafkaClient, type RecordSender, type TopicPartition, type Transaction } from './kafka.port';
import { abortOutcomes, GroupGate, groupOffsets } from './transaction-group';

/**
 * Consume-process-produce, exactly once within Kafka (KIP-98): one transaction holds the
 * outputs, the dead letters and the input offsets of the partition batches of one fetch
 * (gathered by transaction-group.ts); it commits all of them or none. Consumers of the outputs
 * must read with isolation.level=read_committed (our engines' default) or they would see the
 * outputs of aborted transactions.
 *
 * kafkajs implements the pre-KIP-447 protocol: `sendOffsets` carries the group id only, not
 * the member and generation, so the coordinator cannot refuse offsets from a member that lost
 * the partition. The generation guard does it instead, right before the offsets are added and
 * again before the commit. `transactionalId` must be stable per instance (a restarted instance
 * with the same id fences its predecessor's open transaction when it connects).
 *
 * On a failure the transaction is aborted and every member partition still owned is rewound
 * (seek) to its last committed offset, the first offset of its batch: the batch that failed is
 * fetched and processed again after a backoff, the others at the next fetch. A member whose
 * partition was lost before the offsets were added aborts the whole group (its outputs are in
 * the transaction already); one lost before the group ran is left out. If the abort itself
 * fails (producer fenced, commit outcome unknown), the processor stops and reports the error:
 * only a fresh producer and a fresh read of the committed offsets are safe then.
 */
export interface TransactionalProcessorOptions<T> extends Omit<ConsumerEngineOptions, 'readUncommitted'>, RebalanceHooks {
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
  /** Partition batches of one fetch handed over at once, hence the most one transaction gathers; default 32. */
  readonly partitionsConsumedConcurrently?: number;
  readonly retry?: Partial<BackoffPolicy>;
  /** Longest wait of a gathered group for a batch of the same fetch still on its way (decode, restore); default 10 ms. */
  readonly gatherMaxWaitMs?: number;
  readonly heartbeatSliceMs?: number;
  readonly sleep?: Sleep;
  readonly logger?: Logger;
  /** Called once if the processor had to stop itself; the process should exit and restart. */
  readonly onFatal?: (error: Error) => void;
  /** Called once per transaction that committed or aborted, with the number of partition batches it held (metrics). */
  readonly onTransactionEnd?: (outcome: 'committed' | 'aborted', batches: number) => void;
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

export const DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY = 32;
const DEFAULT_GATHER_MAX_WAIT_MS = 10;

/** One partition batch waiting at the gate, and what became of it once its group ran. */
interface Member<T> {
  readonly tp: TopicPartition;
  readonly batch: PartitionBatch<T>;
  readonly control: BatchControl;
  readonly generation: number;
  outcome?: { kind: 'committed' | 'stale' | 'rewound' } | { kind: 'failed'; error: unknown } | { kind: 'fatal'; error: Error };
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createTransactionalProcessor<T>(options: TransactionalProcessorOptions<T>): TransactionalProcessor {
  const logger = (options.logger ?? createSilentLogger()).child('transactional-processor');
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.retry };
  const sliceMs = options.heartbeatSliceMs ?? options.heartbeatIntervalMs ?? 3_000;
  const membership = new GroupMembership(options, logger);
  const concurrency = options.partitionsConsumedConcurrently ?? DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY;
  // The batches of one fetch come concurrently and are gathered into one transaction; the gate
  // runs one group's transaction at a time (one open transaction per producer).
  const engine = options.client.consumer({ ...engineOptions(options), partitionsConsumedConcurrently: concurrency, readUncommitted: false });
  const producer = options.client.transactionalProducer({ transactionalId: options.transactionalId, transactionTimeoutMs: options.transactionTimeoutMs });
  const gate = new GroupGate<Member<T>>({ maxWaitMs: options.gatherMaxWaitMs ?? DEFAULT_GATHER_MAX_WAIT_MS, maxMembers: concurrency, run: (members) => runGroup(members) });
  /** Failed attempts per partition, valid only in the generation that recorded them. */
  const failures = new Map<string, { generation: number; count: number }>();
  let state: 'new' | 'running' | 'stopped' = 'new';
  let stopping: Promise<void> | undefined;

  const owned = (m: Member<T>): boolean => membership.owns(m.tp, m.generation);

  /** Metrics only: a failing listener must never turn a committed transaction into a retried one. */
  function reportEnd(outcome: 'committed' | 'aborted', batches: number): void {
    try {
      options.onTransactionEnd?.(outcome, batches);
    } catch (error) {
      logger.warn('transaction listener failed', { outcome, error });
    }
  }

  /** One transaction for the group; sets every member's outcome, never throws. */
  async function runGroup(all: readonly Member<T>[]): Promise<void> {
    // Lost before its group ran: it contributed nothing yet, the others go on without it.
    for (const m of all) if (!owned(m)) m.outcome = { kind: 'stale' };
    const members = all.filter((m) => m.outcome === undefined);
    if (members.length === 0) return;
    const afterCommits: (void | AfterCommit)[] = [];
    let txn: Transaction | undefined;
    let culprit: Member<T> | undefined;
    let partitionLost = false;
    try {
      txn = await producer.transaction();
      for (const m of members) {
        culprit = m;
        afterCommits.push(await options.process(m.batch, txn));
      }
      culprit = undefined;
      const fence = (): void => {
        const lost = members.find((m) => !owned(m));
        if (lost) {
          partitionLost = true;
          throw new StaleGenerationError(`${partitionKey(lost.tp)} is no longer owned by generation ${lost.generation}`);
        }
      };
      fence();
      await txn.sendOffsets(options.groupId, groupOffsets(members.map((m) => ({ ...m.tp, lastOffset: m.batch.lastOffset }))));
      fence();
      await txn.commit();
    } catch (error) {
      try {
        await txn?.abort();
      } catch (abortError) {
        const fatal = new TransactionAbortFailedError(`transaction of ${members.map((m) => partitionKey(m.tp)).join(', ')} failed and could not be aborted: ${reasonOf(abortError)}`, { cause: error });
        for (const m of members) m.outcome = { kind: 'fatal', error: fatal };
        return;
      }
      if (txn) reportEnd('aborted', members.length);
      const outcomes = abortOutcomes(members.map((m) => ({ owned: owned(m), blamed: culprit === undefined || culprit === m })), partitionLost);
      members.forEach((m, i) => {
        const outcome = outcomes[i];
        // Only a partition still owned is rewound: kafkajs keeps a seek of an unassigned partition
        // pending and would apply it if the partition came back later, below newer commits.
        if (outcome !== 'stale') m.control.seek(m.batch.firstOffset);
        m.outcome = outcome === 'failed' ? { kind: 'failed', error } : { kind: outcome ?? 'stale' };
      });
      return;
    }
    reportEnd('committed', members.length);
    members.forEach((m, i) => {
      try {
        afterCommits[i]?.();
        m.outcome = { kind: 'committed' };
      } catch (error) {
        // The outputs are committed but the in-memory state that should match them is not: only
        // a restart (which rebuilds that state from Kafka) is safe now.
        m.outcome = { kind: 'fatal', error: new AfterCommitFailedError(`after-commit callback of ${partitionKey(m.tp)} failed: ${reasonOf(error)}`, { cause: error }) };
      }
    });
  }

  function fail(error: Error): void {
    logger.error('transactional processor stops itself', { error });
    stopping ??= stop().finally(() => options.onFatal?.(error));
  }

  async function processBatch(batch: FetchedBatch, control: BatchControl): Promise<void> {
    const generation = membership.generation();
    const tp = { topic: batch.topic, partition: batch.partition };
    const key = partitionKey(tp);
    // An empty batch (control records only) has nothing to commit in a transaction and stays out of the gate.
    if (!membership.owns(tp, generation) || state !== 'running' || batch.messages.length === 0) return;
    const previous = failures.get(key);
    const attempt = previous && previous.generation === generation ? previous.count + 1 : 1;
    const first = batch.messages[0] as InboundMessage;
    const where = { ...tp, generation, attempt, first: first.offset, last: batch.lastOffset };
    const arrival = gate.arrive();
    let outcome: NonNullable<Member<T>['outcome']>;
    try {
      // A failed restore fails the batch outright: kafkajs restarts the consumer, which restores again.
      if (!membership.isReady()) await awaitWithHeartbeats(membership.ready(), { heartbeat: () => control.heartbeat(), sliceMs, sleep: options.sleep });
      try {
        const decoded = await options.decode(batch.messages);
        const items = batch.messages.map((message, i) => ({ message, decoded: decoded[i] as T }));
        const member: Member<T> = { tp, control, generation, batch: { ...tp, items, firstOffset: first.offset, lastOffset: batch.lastOffset, attempt, signal: membership.signal() } };
        await gate.join(member, arrival);
        outcome = member.outcome ?? { kind: 'failed', error: new Error('transaction group ended without an outcome') };
      } catch (error) {
        outcome = { kind: 'failed', error };
      }
    } finally {
      arrival();
    }
    switch (outcome.kind) {
      case 'committed':
        failures.delete(key);
        control.markConsumed(batch.lastOffset);
        logger.debug('transaction committed', where);
        return;
      case 'stale':
        logger.warn('transaction aborted: partition lost meanwhile', where);
        return;
      case 'rewound':
        logger.info('transaction aborted for another partition of its group; batch rewound, redone at the next fetch', where);
        return;
      case 'fatal':
        fail(outcome.error);
        throw outcome.error;
      case 'failed':
        return backOff(outcome.error, { key, tp, generation, attempt, control, where });
      default: {
        const never: never = outcome;
        throw new Error(`unknown outcome ${JSON.stringify(never)}`);
      }
    }
  }

  async function backOff(error: unknown, at: { key: string; tp: TopicPartition; generation: number; attempt: number; control: BatchControl; where: Record<string, unknown> }): Promise<void> {
    const { key, tp, generation, attempt, control, where } = at;
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
      logger.info('started', { groupId: options.groupId, transactionalId: options.transactionalId, partitionsConsumedConcurrently: concurrency });
    },
    stop: () => (stopping ??= stop()),
    generation: () => membership.generation(),
  };
}
