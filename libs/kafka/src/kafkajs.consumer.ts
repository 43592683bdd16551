import { type Consumer, type EachBatchPayload, type IHeaders, type Kafka, type KafkaMessage } from 'kafkajs';
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

function toControl(consumer: Consumer, payload: EachBatchPayload): BatchControl {
  const { topic, partition } = payload.batch;
  return {
    heartbeat: () => payload.heartbeat(),
    pause: () => payload.pause(),
    markConsumed: (offset) => payload.resolveOffset(offset),
    // The payload's commit goes straight to the group coordinator. consumer.commitOffsets()
    // would not: once stop() has begun it returns without committing (runner.commitOffsets
    // checks `running`), and stop() is exactly when the in-flight batch must still commit.
    commit: (nextOffset) => payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: nextOffset }] }] }),
    seek: (offset) => consumer.seek({ topic, partition, offset }),
    isRunning: () => payload.isRunning(),
    isStale: () => payload.isStale(),
  };
}

function toPartitions(memberAssignment: Record<string, number[]>): TopicPartition[] {
  return Object.entries(memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
}

/**
 * The consumer engine on kafkajs: eachBatch, `autoCommit: false`, `eachBatchAutoResolve: false`,
 * so kafkajs never moves or commits an offset on its own; the batch consumer above decides.
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

  return {
    async start(handler: BatchHandler, events: ConsumerEngineEvents): Promise<void> {
      // Instrumentation listeners run synchronously inside kafkajs' emit: GROUP_JOIN is
      // seen before the first fetch of the new generation.
      removers.push(
        consumer.on(consumer.events.GROUP_JOIN, (e) => events.onGroupJoin(toPartitions(e.payload.memberAssignment))),
        consumer.on(consumer.events.REBALANCING, () => events.onRebalancing()),
        consumer.on(consumer.events.CRASH, (e) => events.onCrash(e.payload.error, e.payload.restart)),
      );
      await consumer.connect();
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? false });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => handler(toFetchedBatch(payload), toControl(consumer, payload)),
      });
      logger.info('consumer started', { groupId: options.groupId, topics: options.topics });
    },
    async stop(): Promise<void> {
      // disconnect() = stop (waits for the batch in flight) + LeaveGroup + close sockets.
      await consumer.disconnect();
      for (const remove of removers.splice(0)) remove();
      logger.info('consumer stopped', { groupId: options.groupId });
    },
  };
}
