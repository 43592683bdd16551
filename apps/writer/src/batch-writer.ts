import { type AnalyticsSink } from '@callfold/clickhouse';
import { createSilentLogger, type Logger, type PartitionBatch } from '@callfold/kafka';
import { chunkGroup, groupToken } from './batch-plan';
import { type ErasureFilter } from './erasure.lookup';
import { createFetchCoalescer } from './fetch-coalescer';
import { conversationIdsOf, conversationsOf, eventRowsOf, type Item, tallyBatch } from './message.routing';
import { type WriterTopics } from './writer.decoder';
import { type WriterItem } from './writer-item';
import { WriterStats } from './writer.stats';

export interface BatchWriterOptions {
  readonly topics: WriterTopics;
  readonly sink: Pick<AnalyticsSink, 'writeEvents' | 'writeConversations'>;
  /** Most messages per insert; a larger group is written in several inserts. */
  readonly maxRows: number;
  readonly erasures: ErasureFilter;
  /** Longest a batch waits for the other batches of its fetch (fetch-coalescer.ts). */
  readonly coalesceMaxWaitMs?: number;
  readonly stats?: WriterStats;
  readonly logger?: Logger;
}

/** How many skipped messages one warning lists (the counts always cover all of them). */
export const SKIP_SAMPLE = 10;

const NONE: ReadonlySet<string> = new Set();
const offsetOf = (item: Item): string => item.message.offset;

/**
 * The batch consumer's `handle`: the partition batches of one fetch are gathered into a group
 * (fetch-coalescer.ts) and written together, one insert per table (per `maxRows` messages), with
 * the sorted list of their partitions' offset ranges as the deduplication token. Each batch's
 * `handle` resolves only when every insert of its group was acknowledged, so the batch consumer
 * commits it after the ack; any failure is thrown to every member (never swallowed), so each
 * partition is paused and retried. Skips are counted and logged once per batch, after the batch
 * was written (a retried batch is not logged twice).
 */
export function createBatchWriter(options: BatchWriterOptions) {
  const { topics, sink, maxRows, erasures } = options;
  const stats = options.stats ?? new WriterStats();
  const logger = (options.logger ?? createSilentLogger()).child('batch-writer');

  async function writeGroup(batches: readonly PartitionBatch<WriterItem>[]): Promise<void> {
    const throwIfAborted = () => batches.forEach((b) => b.signal.throwIfAborted());
    const events = batches.filter((b) => b.topic === topics.callEvents);
    const projections = batches.filter((b) => b.topic === topics.conversations);
    const rows = { eventRows: 0, erasedEventsDropped: 0, conversations: 0, erased: 0 };
    // Events first: an erasure in this same group then deletes its conversation's new event rows.
    if (events.length > 0) {
      const ids = conversationIdsOf(events.flatMap((b) => b.items));
      const erased = ids.length > 0 ? await erasures.erasedAmong(ids) : NONE;
      for (const chunk of chunkGroup(events, offsetOf, maxRows)) {
        throwIfAborted();
        const { located, dropped } = eventRowsOf(chunk.items, erased);
        rows.erasedEventsDropped += dropped;
        if (located.length > 0) rows.eventRows += await sink.writeEvents(located, groupToken(chunk.ranges));
      }
    }
    for (const chunk of chunkGroup(projections, offsetOf, maxRows)) {
      throwIfAborted();
      const latest = conversationsOf(chunk.items);
      if (latest.length === 0) continue;
      const written = await sink.writeConversations(latest, groupToken(chunk.ranges));
      erasures.remember(written.erasedIds);
      rows.conversations += written.written;
      rows.erased += written.erased;
    }
    stats.recordRows(rows);
    logger.debug('group written', { batches: batches.map((b) => `${b.topic}:${b.partition}:${b.firstOffset}-${b.lastOffset}`), ...rows });
  }

  const coalescer = createFetchCoalescer<PartitionBatch<WriterItem>>({ flush: writeGroup, maxWaitMs: options.coalesceMaxWaitMs });

  async function handle(batch: PartitionBatch<WriterItem>): Promise<void> {
    if (batch.topic !== topics.callEvents && batch.topic !== topics.conversations) throw new Error(`the writer does not read topic ${batch.topic}`);
    try {
      await coalescer.submit(batch);
    } catch (error) {
      stats.recordFailure();
      throw error;
    }
    const tally = tallyBatch(batch.items);
    stats.recordBatch({ tombstones: tally.tombstones, skipped: tally.skipped });
    const where = { topic: batch.topic, partition: batch.partition, firstOffset: batch.firstOffset, lastOffset: batch.lastOffset };
    if (tally.skippedMessages.length > 0) {
      logger.warn('messages skipped (not stored; call-event rejects are dead-lettered by the projector)', {
        ...where,
        skipped: tally.skipped,
        sample: tally.skippedMessages.slice(0, SKIP_SAMPLE),
      });
    }
    logger.debug('batch written', { ...where, attempt: batch.attempt, events: tally.events, conversations: tally.conversations, tombstones: tally.tombstones });
  }

  return {
    handle,
    /** Wrap the batch consumer's `decode` with it, so a fetch's batches are written as one group. */
    trackDecode: coalescer.trackDecode,
    stats: () => stats.snapshot(),
    groups: () => coalescer.groups(),
  };
}

export type BatchWriter = ReturnType<typeof createBatchWriter>;
