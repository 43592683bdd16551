import { DeadLetterReason } from '@callfold/contracts';
import { type BatchProjection } from './batch-projection';
import { type RestoredPartition } from './restore';

export type DeadLetterCounts = Record<DeadLetterReason, number>;

export interface ProjectorCountersSnapshot {
  /** Batches whose transaction committed. */
  readonly batches: number;
  readonly messages: number;
  readonly eventsFolded: number;
  readonly duplicates: number;
  readonly projectionsWritten: number;
  readonly tombstonesWritten: number;
  /** Dead letters committed, by reason (every reason listed, zeros included). */
  readonly deadLetters: Readonly<DeadLetterCounts>;
  readonly partitionsRestored: number;
  readonly entriesRestored: number;
  readonly restoreRejected: number;
}

/**
 * Monotonic counters of what the projector committed (a batch counts once its transaction
 * committed, so an aborted and redone batch is not counted twice). Plain numbers: issue 5 turns
 * them into Prometheus metrics.
 */
export class ProjectorCounters {
  private batches = 0;
  private messages = 0;
  private eventsFolded = 0;
  private duplicates = 0;
  private projectionsWritten = 0;
  private tombstonesWritten = 0;
  private readonly deadLetters = Object.fromEntries(DeadLetterReason.map((r) => [r, 0])) as DeadLetterCounts;
  private partitionsRestored = 0;
  private entriesRestored = 0;
  private restoreRejected = 0;

  committed(batch: BatchProjection): void {
    this.batches += 1;
    this.messages += batch.counts.messages;
    this.eventsFolded += batch.counts.folded;
    this.duplicates += batch.counts.duplicates;
    this.projectionsWritten += batch.updated.length;
    this.tombstonesWritten += batch.evicted.length;
    for (const { cause } of batch.deadLetters) this.deadLetters[cause.reason] += 1;
  }

  restored(partition: RestoredPartition): void {
    this.partitionsRestored += 1;
    this.entriesRestored += partition.state.entries.size;
    this.restoreRejected += partition.rejected.length;
  }

  snapshot(): ProjectorCountersSnapshot {
    return {
      batches: this.batches,
      messages: this.messages,
      eventsFolded: this.eventsFolded,
      duplicates: this.duplicates,
      projectionsWritten: this.projectionsWritten,
      tombstonesWritten: this.tombstonesWritten,
      deadLetters: { ...this.deadLetters },
      partitionsRestored: this.partitionsRestored,
      entriesRestored: this.entriesRestored,
      restoreRejected: this.restoreRejected,
    };
  }
}
