import { partitionKey } from './group-membership';
import { type TopicPartition } from './kafka.port';
import { nextCommitOffset, type PartitionOffset } from './offsets';

/**
 * Gathering the partition batches of one fetch into one Kafka transaction (docs/projector.md,
 * "Transactions and the overlay"). kafkajs hands the batches of a fetch to its workers in one
 * synchronous loop (consumer/workerQueue.js) and fetches again only once every one of them
 * returned, so the batches that entered the handler and have not reached the gate yet are
 * exactly those still to come: a group closes when none is left (or at a cap, for one stuck
 * waiting for a restore). One transaction per fetch instead of one per partition batch saves
 * begin, AddOffsetsToTxn, TxnOffsetCommit and EndTxn per extra partition.
 */
export interface GatherState {
  /** Batches waiting at the gate in the open group. */
  readonly members: number;
  /** Batches that entered the handler and have neither reached the gate nor left. */
  readonly arriving: number;
  /** How long the group has been open. */
  readonly openMs: number;
  readonly maxWaitMs: number;
  /** Batches the engine hands over at once (its concurrency): no more can come. */
  readonly maxMembers: number;
}

/** Whether the open group should close and run its transaction now. */
export function shouldCloseGroup({ members, arriving, openMs, maxWaitMs, maxMembers }: GatherState): boolean {
  if (members === 0) return false;
  return arriving === 0 || members >= maxMembers || openMs >= maxWaitMs;
}

export interface GroupMemberRange extends TopicPartition {
  readonly lastOffset: string;
}

/**
 * The offsets one group's transaction adds: per member partition, the next offset after its
 * batch (last + 1), sorted. A partition twice in one group would be a bug (kafkajs never hands
 * out two batches of one partition at once): refused rather than guessed.
 */
export function groupOffsets(members: readonly GroupMemberRange[]): PartitionOffset[] {
  const seen = new Set<string>();
  const offsets = members.map(({ topic, partition, lastOffset }) => {
    const key = partitionKey({ topic, partition });
    if (seen.has(key)) throw new Error(`${key} appears twice in one transaction`);
    seen.add(key);
    return { topic, partition, offset: nextCommitOffset(lastOffset) };
  });
  return offsets.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

/**
 * What an aborted group means for each member. `stale`: its partition was lost, it must not be
 * touched (no rewind, no retry count). `failed`: it caused the abort (its processing threw, or
 * the transaction itself failed, which blames everyone): counts an attempt and backs off.
 * `rewound`: aborted for another member's failure or partition loss: redone at the next fetch
 * with no attempt counted.
 */
export type AbortOutcome = 'stale' | 'failed' | 'rewound';

export interface AbortedMember {
  readonly owned: boolean;
  readonly blamed: boolean;
}

export function abortOutcomes(members: readonly AbortedMember[], partitionLost: boolean): AbortOutcome[] {
  return members.map(({ owned, blamed }) => (!owned ? 'stale' : partitionLost || !blamed ? 'rewound' : 'failed'));
}

export interface GroupGateOptions<M> {
  readonly maxWaitMs: number;
  readonly maxMembers: number;
  /** Runs a closed group; groups run one at a time, in the order they closed. */
  readonly run: (members: readonly M[]) => Promise<void>;
  readonly now?: () => number;
}

/**
 * The gate: `arrive()` when a batch enters the handler, then either `join(member)` (it waits
 * for its group's transaction) or the returned `leave()` (it needs none). One producer has one
 * transaction open at a time, so closed groups run in series.
 */
export class GroupGate<M> {
  private open: M[] = [];
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private openedAt = 0;
  private arriving = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: GroupGateOptions<M>) {
    this.now = options.now ?? Date.now;
  }

  /** A batch entered the handler; call the result if it leaves without joining. */
  arrive(): () => void {
    this.arriving += 1;
    let gone = false;
    return () => {
      if (gone) return;
      gone = true;
      this.arriving -= 1;
      this.check();
    };
  }

  /** Adds the member (which arrived before) to the open group; resolves once its group ran. */
  join(member: M, arrival: () => void): Promise<void> {
    if (this.open.length === 0) {
      this.openedAt = this.now();
      this.timer = setTimeout(() => this.close(), this.options.maxWaitMs);
    }
    this.open.push(member);
    const ran = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    arrival();
    return ran;
  }

  private check(): void {
    const state = { members: this.open.length, arriving: this.arriving, openMs: this.now() - this.openedAt, maxWaitMs: this.options.maxWaitMs, maxMembers: this.options.maxMembers };
    if (shouldCloseGroup(state)) this.close();
  }

  private close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const members = this.open;
    const waiters = this.waiters;
    if (members.length === 0) return;
    this.open = [];
    this.waiters = [];
    const ran = this.chain.then(() => this.options.run(members));
    this.chain = ran.catch(() => undefined);
    ran.then(
      () => waiters.forEach((w) => w.resolve()),
      (error: unknown) => waiters.forEach((w) => w.reject(error)),
    );
  }
}
