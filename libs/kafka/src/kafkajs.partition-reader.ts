import { randomUUID } from 'node:crypto';
import { AssignerProtocol, type EachBatchPayload, type Kafka, type PartitionAssigner } from 'kafkajs';
import { toInboundMessage } from './kafkajs.consumer';
import { type Logger } from './logger';
import { type FetchedBatch, type PartitionReadRequest, type PartitionReadResult } from './kafka.port';

/** Assigns exactly `partitions` of `topic` to the first member (the only one: the group is ours alone). */
function fixedAssigner(topic: string, partitions: readonly number[]): PartitionAssigner {
  const name = 'CallfoldFixedAssigner';
  return () => ({
    name,
    version: 0,
    async assign({ members }) {
      return members.map(({ memberId }, i) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: i === 0 ? { [topic]: [...partitions] } : {}, userData: Buffer.alloc(0) }),
      }));
    },
    protocol: ({ topics }) => ({ name, metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) }),
  });
}

/**
 * Reads partitions from their log start to their end offset (high watermark) as of the call, with
 * read_committed, like a Kafka Streams changelog restore. kafkajs has no manual assignment, so a
 * throwaway consumer group of one member, with an assigner that hands it exactly the requested
 * partitions, does the fetching; it never commits and is deleted afterwards. Progress is tracked
 * by kafkajs' END_BATCH_PROCESS events, which also fire for batches that hold only control
 * records or aborted data (eachBatch is not called for those), so a partition ending in a commit
 * or abort marker is seen to end. Records at or past the end offset are not handed out.
 */
export async function readPartitionsWithKafkaJs(kafka: Kafka, request: PartitionReadRequest, logger: Logger): Promise<PartitionReadResult[]> {
  const { topic, partitions } = request;
  if (partitions.length === 0) return [];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const results = new Map<number, { partition: number; startOffset: string; endOffset: string; messages: number }>();
    for (const partition of partitions) {
      const found = offsets.find((o) => o.partition === partition);
      if (!found) throw new Error(`${topic} has no partition ${partition}`);
      results.set(partition, { partition, startOffset: found.low, endOffset: found.high, messages: 0 });
    }
    const pending = new Set([...results.values()].filter((r) => BigInt(r.endOffset) > BigInt(r.startOffset)).map((r) => r.partition));
    if (pending.size === 0) return partitions.map((p) => results.get(p) as PartitionReadResult);
    const groupId = `${request.groupIdPrefix ?? 'callfold'}.partition-reader.${randomUUID()}`;
    await readUntilEnd(kafka, groupId, request, results, pending, logger);
    // The group never committed, so it holds no offsets; deleting it is only tidiness.
    await admin.deleteGroups([groupId]).catch(() => undefined);
    return partitions.map((p) => results.get(p) as PartitionReadResult);
  } finally {
    await admin.disconnect();
  }
}

async function readUntilEnd(
  kafka: Kafka,
  groupId: string,
  request: PartitionReadRequest,
  results: Map<number, { partition: number; endOffset: string; messages: number }>,
  pending: Set<number>,
  logger: Logger,
): Promise<void> {
  const { topic, onBatch, signal } = request;
  const consumer = kafka.consumer({
    groupId,
    partitionAssigners: [fixedAssigner(topic, [...pending])],
    readUncommitted: false,
    maxWaitTimeInMs: request.maxWaitTimeMs ?? 500,
    allowAutoTopicCreation: false,
  });
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Awaited below; this only keeps an early rejection (abort, crash) from being reported as unhandled.
  finished.catch(() => undefined);
  const fail = (error: unknown) => settle?.reject(error instanceof Error ? error : new Error(String(error)));
  const onAbort = () => fail(signal?.reason ?? new Error('partition read aborted'));
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const progress = (partition: number, lastOffset: string) => {
    const result = results.get(partition);
    if (!result || !pending.has(partition)) return;
    if (BigInt(lastOffset) + 1n >= BigInt(result.endOffset)) pending.delete(partition);
    if (pending.size === 0) settle?.resolve();
  };
  const removers = [
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic === topic) progress(payload.partition, payload.lastOffset);
    }),
    consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error)),
  ];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }: EachBatchPayload) => {
        const result = results.get(batch.partition);
        if (!result || !pending.has(batch.partition)) return;
        const end = BigInt(result.endOffset);
        const messages = batch.messages.filter((m) => BigInt(m.offset) < end).map((m) => toInboundMessage(batch.topic, batch.partition, m));
        if (messages.length === 0) return;
        result.messages += messages.length;
        const fetched: FetchedBatch = { topic, partition: batch.partition, messages, lastOffset: batch.lastOffset(), highWatermark: batch.highWatermark };
        try {
          await onBatch(fetched);
        } catch (error) {
          fail(error);
        }
      },
    });
    await finished;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await consumer.disconnect().catch((error: unknown) => logger.warn('partition reader did not disconnect cleanly', { error }));
    for (const remove of removers) remove();
  }
}
