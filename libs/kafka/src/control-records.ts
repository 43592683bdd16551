/**
 * Fetched ranges that hold control records only: a transaction's commit or abort marker, and the
 * data records of an aborted transaction, which a read_committed consumer never sees.
 *
 * kafkajs filters such a range out and never hands it to eachBatch; it moves its fetch position
 * past it and commits that position only with autoCommit on
 * (https://github.com/tulios/kafkajs/pull/1256, runner.js `isEmptyDueToFiltering`). callfold's
 * engines never auto-commit, so on a transactional input topic (the projector writes the
 * conversations topic in transactions; the writer reads it) the group's committed offset would
 * stay one below the log end after every trailing marker: lag 1 forever, per partition. The
 * engine sees such ranges through kafkajs' batch instrumentation events and asks this function
 * whether to hand them on as an empty batch, whose consumer commits past them.
 */
import { parseOffset } from './offsets';

/** What kafkajs' START/END_BATCH_PROCESS events say about a fetched range. */
export interface FetchedRange {
  /** Messages handed to the application (0: everything was filtered out). */
  readonly batchSize: number;
  /**
   * First record at or past the fetch position, control records included; null when the
   * response held only records below it (a compacted, compressed batch), which kafkajs
   * resolves by guessing: we commit nothing on a guess.
   */
  readonly firstOffset: string | null | undefined;
  /** Last record of the range, control records included. */
  readonly lastOffset: string;
}

/**
 * The offset to commit past a range of control records only (lastOffset + 1), or undefined when
 * there is nothing to do: the range held messages (their batch commits normally), it held no
 * record at or past the fetch position, or `committed` (the highest offset this member already
 * committed on the partition, if known) is already at or past it, so a commit could only rewind.
 */
export function controlRecordsCommit(range: FetchedRange, committed?: string): string | undefined {
  if (range.batchSize > 0 || range.firstOffset === null || range.firstOffset === undefined) return undefined;
  const last = parseOffset(range.lastOffset);
  if (last < parseOffset(range.firstOffset)) return undefined;
  const next = last + 1n;
  if (committed !== undefined && parseOffset(committed) >= next) return undefined;
  return next.toString();
}
