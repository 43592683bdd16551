import { type AnalyticsSink } from '@callfold/clickhouse';
import { createSilentLogger, type Logger, type PartitionBatch } from '@callfold/kafka';
import { chunkBatch, dedupToken } from './batch-plan';
import { conversationIdsOf, conversationsOf, eventRowsOf, type Item, tallyBatch } from './message.routing';
import { type WriterTopics } from './writer.decoder';
import { type WriterItem } from './writer-item';
import { WriterStats } from './writer.stats';

/** Conversations among `ids` that were erased (an `erasures` row exists). */
export type ErasureLookup = (ids: readonly string[]) => Promise<ReadonlySet<string>>;

export interface BatchWriterOptions {
  readonly topics: WriterTopics;
  readonly sink: Pick<AnalyticsSink, 'writeEvents' | 'writeConversations'>;
  /** Most rows per insert; a larger partition batch is written in several inserts. */
  readonly maxRows: number;
  readonly erasedAmong: ErasureLookup;
  readonly stats?: WriterStats;
  readonly logger?: Logger;
}

/** How many skipped messages one warning lists (the counts always cover all of them). */
export const SKIP_SAMPLE = 10;

const NONE: ReadonlySet<string> = new Set();

/**
 * The batch consumer's `handle`: writes one partition batch to ClickHouse and resolves only when
 * every insert was acknowledged; any failure is thrown (never swallowed), so the batch consumer
 * pauses the partition and retries the same batch, which is cut and tokenised the same way, so
 * inserts that did land are skipped by ClickHouse. Skips are counted and logged once per batch,
 * after the batch was written (a retried batch is not logged twice).
 */
export function createBatchWriter(options: BatchWriterOptions) {
  const { topics, sink, maxRows, erasedAmong } = options;
  const stats = options.stats ?? new WriterStats();
  const logger = (options.logger ?? createSilentLogger()).child('batch-writer');

  async function writeEvents(batch: PartitionBatch<WriterItem>): Promise<{ eventRows: number; erasedEventsDropped: number }> {
    const ids = conversationIdsOf(batch.items);
    const erased = ids.length > 0 ? await erasedAmong(ids) : NONE;
    let eventRows = 0;
    let erasedEventsDropped = 0;
    for (const chunk of chunkBatch<Item>(batch.items, (i) => i.message.offset, maxRows)) {
      batch.signal.throwIfAborted();
      const { located, dropped } = eventRowsOf(chunk.items, batch.partition, erased);
      erasedEventsDropped += dropped;
      if (located.length > 0) eventRows += await sink.writeEvents(located, dedupToken(batch.topic, batch.partition, chunk));
    }
    return { eventRows, erasedEventsDropped };
  }

  async function writeConversations(batch: PartitionBatch<WriterItem>): Promise<{ conversations: number; erased: number }> {
    let conversations = 0;
    let erased = 0;
    for (const chunk of chunkBatch<Item>(batch.items, (i) => i.message.offset, maxRows)) {
      batch.signal.throwIfAborted();
      const projections = conversationsOf(chunk.items);
      if (projections.length === 0) continue;
      const written = await sink.writeConversations(projections, dedupToken(batch.topic, batch.partition, chunk));
      conversations += written.written;
      erased += written.erased;
    }
    return { conversations, erased };
  }

  async function handle(batch: PartitionBatch<WriterItem>): Promise<void> {
    const isEvents = batch.topic === topics.callEvents;
    if (!isEvents && batch.topic !== topics.conversations) throw new Error(`the writer does not read topic ${batch.topic}`);
    let events = { eventRows: 0, erasedEventsDropped: 0 };
    let projections = { conversations: 0, erased: 0 };
    try {
      if (isEvents) events = await writeEvents(batch);
      else projections = await writeConversations(batch);
    } catch (error) {
      stats.recordFailure();
      throw error;
    }
    const tally = tallyBatch(batch.items);
    stats.recordBatch({ ...events, ...projections, tombstones: tally.tombstones, skipped: tally.skipped });
    const where = { topic: batch.topic, partition: batch.partition, firstOffset: batch.firstOffset, lastOffset: batch.lastOffset };
    if (tally.skippedMessages.length > 0) {
      logger.warn('messages skipped (not stored; call-event rejects are dead-lettered by the projector)', {
        ...where,
        skipped: tally.skipped,
        sample: tally.skippedMessages.slice(0, SKIP_SAMPLE),
      });
    }
    logger.debug('batch written', { ...where, attempt: batch.attempt, ...events, ...projections, tombstones: tally.tombstones });
  }

  return { handle, stats: () => stats.snapshot() };
}

export type BatchWriter = ReturnType<typeof createBatchWriter>;
