import { type Consumer, type ConsumerEndBatchProcessEvent, type EachBatchPayload, type IHeaders, type Kafka, type KafkaMessage } from 'kafkajs';
import { controlRecordsCommit } from './control-records';
import { type Logger } from './logger';
import {
  type BatchControl,
  type BatchHandler,
  type ConsumerEngine,
  type ConsumerEngineEvents,
  type ConsumerEngineOptions,
  type FetchedBatch,
  type InboundMessage,
  type TopicPartition,
} from './kafka.port';

/** kafkajs headers (Buffer | string | array of them) as the UTF-8 string map of our port. */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    out[name] = values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).join(', ');
  }
  return out;
}

export function toInboundMessage(topic: string, partition: number, message: KafkaMessage): InboundMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: headersToStrings(message.headers),
    timestamp: message.timestamp,
  };
}

function toFetchedBatch({ batch }: EachBatchPayload): FetchedBatch {
  return {
    topic: batch.topic,
    partition: batch.partition,
    messages: batch.messages.map((m) => toInboundMessage(batch.topic, batch.partition, m)),
    lastOffset: batch.lastOffset(),
    highWatermark: batch.highWatermark,
  };
}

/**
 * Per partition: commits go out one after the other, and the highest offset this member
 * committed in the current generation is known, so a late control-records commit never
 * rewinds a newer one.
 */
export class PartitionCommits {
  private readonly highest = new Map<string, bigint>();
  private readonly queues = new Map<string, Promise<void>>();

  committed(key: string): string | undefined {
    return this.highest.get(key)?.toString();
  }

  /** Runs `send` after the partition's earlier commits; `onlyIfAhead` skips it if a commit already reached `nextOffset`. */
  commit(key: string, nextOffset: string, send: () => Promise<void>, onlyIfAhead = false): Promise<void> {
    const run = async (): Promise<void> => {
      const target = BigInt(nextOffset);
      const reached = this.highest.get(key);
      if (onlyIfAhead && reached !== undefined && reached >= target) return;
      await send();
      if (reached === undefined || target > reached) this.highest.set(key, target);
    };
    const queued = (this.queues.get(key) ?? Promise.resolve()).then(run);
    const settled = queued.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return queued;
  }

  /** A new generation: what this member committed before says nothing about who owns what now. */
  reset(): void {
    this.highest.clear();
  }
}

const keyOf = (topic: string, partition: number): string => `${topic}|${partition}`;

function toControl(consumer: Consumer, payload: EachBatchPayload, commits: PartitionCommits): BatchControl {
  const { topic, partition } = payload.batch;
  return {
    heartbeat: () => payload.heartbeat(),
    pause: () => payload.pause(),
    markConsumed: (offset) => payload.resolveOffset(offset),
    // The payload's commit goes straight to the group coordinator. consumer.commitOffsets()
    // would not: once stop() has begun it returns without committing (runner.commitOffsets
    // checks `running`), and stop() is exactly when the in-flight batch must still commit.
    commit: (nextOffset) => commits.commit(keyOf(topic, partition), nextOffset, () => payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: nextOffset }] }] })),
    seek: (offset) => consumer.seek({ topic, partition, offset }),
    isRunning: () => payload.isRunning(),
    isStale: () => payload.isStale(),
  };
}

/**
 * The control of a control-records range (see control-records.ts), handed over outside kafkajs'
 * fetch loop: there is no eachBatch payload, kafkajs already moved its fetch position past the
 * range and keeps heartbeating by itself, and the commit goes through the consumer (which, once
 * stop() has begun, skips it: the marker is then committed past by the next owner).
 */
function controlRecordsControl(consumer: Consumer, topic: string, partition: number, commits: PartitionCommits, running: () => boolean): BatchControl {
  return {
    heartbeat: async () => undefined,
    pause: () => {
      consumer.pause([{ topic, partitions: [partition] }]);
      return () => consumer.resume([{ topic, partitions: [partition] }]);
    },
    markConsumed: () => undefined,
    commit: (nextOffset) => commits.commit(keyOf(topic, partition), nextOffset, () => consumer.commitOffsets([{ topic, partition, offset: nextOffset }]), true),
    seek: (offset) => consumer.seek({ topic, partition, offset }),
    isRunning: running,
    isStale: () => false,
  };
}

function toPartitions(memberAssignment: Record<string, number[]>): TopicPartition[] {
  return Object.entries(memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
}

/**
 * The consumer engine on kafkajs: eachBatch, `autoCommit: false`, `eachBatchAutoResolve: false`,
 * so kafkajs never moves or commits an offset on its own; the batch consumer above decides.
 * A fetched range of control records only (a trailing transaction marker) reaches the handler
 * too, as an empty batch, so the layer above can commit past it (control-records.ts).
 */
export function createKafkaJsConsumerEngine(kafka: Kafka, options: ConsumerEngineOptions, logger: Logger): ConsumerEngine {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    rebalanceTimeout: options.rebalanceTimeoutMs ?? 60_000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
    maxBytes: options.maxBytes,
    maxBytesPerPartition: options.maxBytesPerPartition,
    minBytes: options.minBytes,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 1_000,
    readUncommitted: options.readUncommitted ?? false,
    allowAutoTopicCreation: false,
  });
  const removers: (() => void)[] = [];
  const commits = new PartitionCommits();
  /** Control-records batches handed to the handler and not finished yet. */
  const deliveries = new Set<Promise<void>>();
  let running = false;

  function deliverControlRecords(handler: BatchHandler, range: ConsumerEndBatchProcessEvent['payload']): void {
    const { topic, partition } = range;
    if (!running || controlRecordsCommit(range, commits.committed(keyOf(topic, partition))) === undefined) return;
    const batch: FetchedBatch = { topic, partition, messages: [], lastOffset: range.lastOffset, highWatermark: range.highWatermark };
    // Not awaited by kafkajs (its emit is synchronous), so failures are logged here; the next
    // marker, or the next owner, commits past it.
    const control = controlRecordsControl(consumer, topic, partition, commits, () => running);
    const delivery = Promise.resolve()
      .then(() => handler(batch, control))
      .catch((error: unknown) => logger.warn('control-records batch not committed', { topic, partition, lastOffset: range.lastOffset, error }));
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
  }

  return {
    async start(handler: BatchHandler, events: ConsumerEngineEvents): Promise<void> {
      // Instrumentation listeners run synchronously inside kafkajs' emit: GROUP_JOIN is
      // seen before the first fetch of the new generation.
      removers.push(
        consumer.on(consumer.events.GROUP_JOIN, (e) => {
          commits.reset();
          events.onGroupJoin(toPartitions(e.payload.memberAssignment));
        }),
        consumer.on(consumer.events.REBALANCING, () => events.onRebalancing()),
        consumer.on(consumer.events.CRASH, (e) => events.onCrash(e.payload.error, e.payload.restart)),
        // Emitted for every processed range, including those kafkajs filtered out entirely.
        consumer.on(consumer.events.END_BATCH_PROCESS, (e) => deliverControlRecords(handler, e.payload)),
      );
      running = true;
      await consumer.connect();
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? false });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => handler(toFetchedBatch(payload), toControl(consumer, payload, commits)),
      });
      logger.info('consumer started', { groupId: options.groupId, topics: options.topics });
    },
    async stop(): Promise<void> {
      running = false;
      // disconnect() = stop (waits for the batch in flight) + LeaveGroup + close sockets.
      await consumer.disconnect();
      await Promise.all([...deliveries]);
      for (const remove of removers.splice(0)) remove();
      logger.info('consumer stopped', { groupId: options.groupId });
    },
  };
}
