import { lagOf, parseOffset } from '@callfold/kafka';

/**
 * The offset arithmetic of the writer, kept pure: how a partition batch is cut into inserts,
 * what each insert's deduplication token is, and when a group has caught up with a topic.
 */
export interface OffsetRange {
  /** Offset of the first message of the range (int64, decimal string). */
  readonly first: string;
  /** Offset of the last message of the range, inclusive. */
  readonly last: string;
}

export interface Chunk<T> extends OffsetRange {
  readonly items: readonly T[];
}

/**
 * The insert deduplication token of one range of one partition: `${topic}:${partition}:${first}-${last}`.
 * The same input range always gives the same token, so a retried insert is skipped by ClickHouse
 * (insert_deduplication_token + non_replicated_deduplication_window); a range with other
 * boundaries gets another token and is collapsed by the ReplacingMergeTree keys instead.
 */
export function dedupToken(topic: string, partition: number, range: OffsetRange): string {
  if (!Number.isInteger(partition) || partition < 0) throw new RangeError(`not a partition number: ${partition}`);
  const first = parseOffset(range.first);
  const last = parseOffset(range.last);
  if (first < 0n || last < first) throw new RangeError(`not an offset range: ${range.first}-${range.last}`);
  return `${topic}:${partition}:${first}-${last}`;
}

/**
 * Cuts a partition batch (messages in offset order) into consecutive chunks of at most `maxItems`
 * messages. Each message yields at most one row, so a chunk never exceeds `maxItems` rows. The cut
 * depends only on the batch and `maxItems`: a retried batch is cut, and tokenised, the same way.
 */
export function chunkBatch<T>(items: readonly T[], offsetOf: (item: T) => string, maxItems: number): Chunk<T>[] {
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be a positive integer, got ${maxItems}`);
  const chunks: Chunk<T>[] = [];
  let previous: bigint | undefined;
  for (const item of items) {
    const offset = parseOffset(offsetOf(item));
    if (previous !== undefined && offset <= previous) throw new RangeError(`offsets must increase within a partition batch: ${offset} after ${previous}`);
    previous = offset;
  }
  for (let start = 0; start < items.length; start += maxItems) {
    const slice = items.slice(start, start + maxItems);
    chunks.push({ items: slice, first: offsetOf(slice[0] as T), last: offsetOf(slice[slice.length - 1] as T) });
  }
  return chunks;
}

export interface PartitionPosition {
  readonly partition: number;
  readonly offset: string;
}

/**
 * True when the group's committed offset of every partition reached that partition's end offset
 * (no committed offset counts from the log start, so an empty partition is caught up).
 */
export function caughtUp(committed: readonly PartitionPosition[], ends: readonly PartitionPosition[], logStart = '0'): boolean {
  const byPartition = new Map(committed.map((c) => [c.partition, c.offset]));
  return ends.every((end) => lagOf(end.offset, byPartition.get(end.partition) ?? '-1', logStart) === '0');
}
