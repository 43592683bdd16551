/**
 * Offset arithmetic. Kafka offsets are int64, carried as decimal strings (kafkajs does the
 * same), so every computation goes through BigInt: a Number loses precision above 2^53.
 *
 * Kafka commits the offset of the NEXT message to read, not of the last one processed:
 * https://kafka.apache.org/documentation/#consumerconfigs_enable.auto.commit and
 * KafkaConsumer#commitSync javadoc ("the committed offset should be the next message your
 * application will consume, i.e. lastProcessedMessageOffset + 1").
 */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface ProcessedBatch {
  readonly topic: string;
  readonly partition: number;
  /** Offsets of the processed messages, in any order; may be empty. */
  readonly offsets: readonly string[];
}

/** kafkajs and the admin API report "no committed offset" as -1. */
export const NO_OFFSET = '-1';

export function parseOffset(offset: string): bigint {
  if (!/^-?\d+$/.test(offset)) throw new RangeError(`not an int64 offset: "${offset}"`);
  const value = BigInt(offset);
  if (value < -1n || value > 0x7fffffffffffffffn) throw new RangeError(`offset out of range: ${offset}`);
  return value;
}

/** The offset to commit after processing `lastProcessed`: lastProcessed + 1. */
export function nextCommitOffset(lastProcessed: string): string {
  const value = parseOffset(lastProcessed);
  if (value < 0n) throw new RangeError(`cannot commit after offset ${lastProcessed}`);
  return (value + 1n).toString();
}

/** The highest of a list of offsets, or undefined for an empty list. */
export function maxOffset(offsets: readonly string[]): string | undefined {
  let best: bigint | undefined;
  for (const offset of offsets) {
    const value = parseOffset(offset);
    if (best === undefined || value > best) best = value;
  }
  return best?.toString();
}

/**
 * Commits for several processed batches: one entry per topic-partition, at the highest
 * processed offset + 1. Partitions with nothing processed are left out (committing them
 * would either rewind or repeat the current position).
 */
export function commitPlan(batches: readonly ProcessedBatch[]): PartitionOffset[] {
  const highest = new Map<string, PartitionOffset & { value: bigint }>();
  for (const { topic, partition, offsets } of batches) {
    const last = maxOffset(offsets);
    if (last === undefined) continue;
    const value = parseOffset(last) + 1n;
    const key = `${topic}\u0000${partition}`;
    const seen = highest.get(key);
    if (!seen || value > seen.value) highest.set(key, { topic, partition, offset: value.toString(), value });
  }
  return [...highest.values()]
    .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))
    .map(({ topic, partition, offset }) => ({ topic, partition, offset }));
}

/**
 * Where a group reading from the earliest offset resumes: its commit, or the log start
 * (`startOffset`) when it has none (-1) or retention deleted messages past it.
 */
export function resumeOffset(committed: string, startOffset = '0'): string {
  const start = parseOffset(startOffset);
  const at = parseOffset(committed);
  return (at < start ? start : at).toString();
}

/**
 * Messages not yet consumed by the group: end offset (the high watermark, i.e. the offset the
 * next produced message will get) minus where the group will read next. That is the committed
 * offset, or `startOffset` (the log start: 0 unless retention deleted messages) when the group has
 * no commit (-1) or its commit lies below the log start. Those messages are gone, and a group that
 * reads from the earliest offset (callfold's services do) resumes at the log start. Kafka's
 * kafka-consumer-groups tool subtracts the commit alone and overstates that case. Never negative:
 * a commit can briefly be ahead of a stale end offset.
 */
export function lagOf(endOffset: string, committed: string, startOffset = '0'): string {
  const lag = parseOffset(endOffset) - parseOffset(resumeOffset(committed, startOffset));
  return (lag > 0n ? lag : 0n).toString();
}

/** Sum of per-partition lags, for a topic or group total. */
export function totalLag(lags: readonly string[]): string {
  return lags.reduce((sum, lag) => sum + parseOffset(lag), 0n).toString();
}
