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
  assertIncreasing(items, offsetOf);
  for (let start = 0; start < items.length; start += maxItems) {
    const slice = items.slice(start, start + maxItems);
    chunks.push({ items: slice, first: offsetOf(slice[0] as T), last: offsetOf(slice[slice.length - 1] as T) });
  }
  return chunks;
}

function assertIncreasing<T>(items: readonly T[], offsetOf: (item: T) => string): void {
  let previous: bigint | undefined;
  for (const item of items) {
    const offset = parseOffset(offsetOf(item));
    if (previous !== undefined && offset <= previous) throw new RangeError(`offsets must increase within a partition batch: ${offset} after ${previous}`);
    previous = offset;
  }
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

/** One partition's messages handed over in a fetch, in offset order. */
export interface GroupMember<T> {
  readonly topic: string;
  readonly partition: number;
  readonly items: readonly T[];
}

export interface PartitionRange extends OffsetRange {
  readonly topic: string;
  readonly partition: number;
}

/** One insert of a group: consecutive messages of one or more partitions, and their ranges. */
export interface GroupChunk<T> {
  readonly ranges: readonly PartitionRange[];
  readonly items: readonly T[];
}

/**
 * The deduplication token of an insert covering several partitions' ranges: their single-range
 * tokens in (topic, partition) order, joined by commas. One range gives exactly `dedupToken`'s
 * token, so a group of one partition batch is written as before. The same ranges always give
 * the same token, so a retried group is skipped by ClickHouse; another grouping of the same
 * messages gets another token and is collapsed by the ReplacingMergeTree keys instead.
 */
export function groupToken(ranges: readonly PartitionRange[]): string {
  if (ranges.length === 0) throw new RangeError('a group token needs at least one range');
  return [...ranges]
    .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))
    .map((r) => dedupToken(r.topic, r.partition, r))
    .join(',');
}

/**
 * Cuts the partition batches of one fetch into inserts of at most `maxItems` messages: the
 * batches in (topic, partition) order, concatenated, then cut; a batch may straddle two inserts.
 * The cut depends only on the set of batches and `maxItems`, never on the order they arrived in,
 * so a retried group is cut, and tokenised, the same way.
 */
export function chunkGroup<T>(members: readonly GroupMember<T>[], offsetOf: (item: T) => string, maxItems: number): GroupChunk<T>[] {
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be a positive integer, got ${maxItems}`);
  const sorted = [...members].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  sorted.forEach((m, i) => {
    const previous = sorted[i - 1];
    if (previous && previous.topic === m.topic && previous.partition === m.partition) throw new RangeError(`two batches of ${m.topic}:${m.partition} in one group`);
  });
  const chunks: GroupChunk<T>[] = [];
  let ranges: PartitionRange[] = [];
  let items: T[] = [];
  for (const member of sorted) {
    assertIncreasing(member.items, offsetOf);
    for (let start = 0; start < member.items.length; ) {
      const taken = member.items.slice(start, start + maxItems - items.length);
      start += taken.length;
      ranges.push({ topic: member.topic, partition: member.partition, first: offsetOf(taken[0] as T), last: offsetOf(taken[taken.length - 1] as T) });
      for (const item of taken) items.push(item);
      if (items.length === maxItems) {
        chunks.push({ ranges, items });
        ranges = [];
        items = [];
      }
    }
  }
  if (items.length > 0) chunks.push({ ranges, items });
  return chunks;
}
