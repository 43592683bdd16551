import { type SkipReason } from './writer-item';

/** What the writer did since it started; read by tests, logged on shutdown. */
export interface WriterStatsSnapshot {
  /** Partition batches fully written (and then handed back for commit). */
  readonly batches: number;
  /** Rows sent to call_events. */
  readonly eventRows: number;
  /** Live projections sent to conversations (and their dialogue rows). */
  readonly conversations: number;
  /** Erased projections applied (erasure recorded, rows deleted). */
  readonly erased: number;
  /** Null values of the conversations topic, skipped. */
  readonly tombstones: number;
  /** Events not written because their conversation was already erased. */
  readonly erasedEventsDropped: number;
  /** Messages skipped because they cannot be stored, by reason. */
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
  /** Attempts whose write threw (the batch consumer retries them). */
  readonly failedAttempts: number;
}

/** The rows one group of batches wrote. */
export interface WrittenRows {
  readonly eventRows: number;
  readonly conversations: number;
  readonly erased: number;
  readonly erasedEventsDropped: number;
}

export class WriterStats {
  private batches = 0;
  private eventRows = 0;
  private conversations = 0;
  private erased = 0;
  private tombstones = 0;
  private erasedEventsDropped = 0;
  private failedAttempts = 0;
  private readonly skipped = new Map<SkipReason, number>();

  /** One partition batch written (its rows are counted with its group's, by recordRows). */
  recordBatch(done: { tombstones: number; skipped: Readonly<Partial<Record<SkipReason, number>>> }): void {
    this.batches += 1;
    this.tombstones += done.tombstones;
    for (const [reason, count] of Object.entries(done.skipped) as [SkipReason, number][]) this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
  }

  recordRows(rows: WrittenRows): void {
    this.eventRows += rows.eventRows;
    this.conversations += rows.conversations;
    this.erased += rows.erased;
    this.erasedEventsDropped += rows.erasedEventsDropped;
  }

  recordFailure(): void {
    this.failedAttempts += 1;
  }

  snapshot(): WriterStatsSnapshot {
    return {
      batches: this.batches,
      eventRows: this.eventRows,
      conversations: this.conversations,
      erased: this.erased,
      tombstones: this.tombstones,
      erasedEventsDropped: this.erasedEventsDropped,
      skipped: Object.fromEntries([...this.skipped].sort(([a], [b]) => (a < b ? -1 : 1))),
      failedAttempts: this.failedAttempts,
    };
  }
}
