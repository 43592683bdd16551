import { type Logger } from './logger';
import { type ConsumerEngineEvents, type TopicPartition } from './kafka.port';

/**
 * What this member owns, and since when. kafkajs 2.2.4 rebalances eagerly and does not fence
 * its own work by generation: a batch fetched before a rebalance can still be processed after
 * it, and its commit is sent with the NEW generation id (the offset manager is replaced on
 * every sync), so the coordinator accepts an offset for a partition another member now owns.
 * Kafka would have rejected that commit with ILLEGAL_GENERATION; this class restores the rule:
 * every GROUP_JOIN starts a new local generation (its payload carries the assignment but not
 * the generation id), and work may touch a partition only while the generation it started in
 * is still current and still holds that partition.
 */
export interface RebalanceHooks {
  /** Partitions gained in a new generation; batches of this generation wait until it resolves. */
  readonly onAssigned?: (partitions: readonly TopicPartition[]) => Promise<void> | void;
  /** Partitions lost (or all of them on stop); their work is already fenced off when this runs. */
  readonly onRevoked?: (partitions: readonly TopicPartition[]) => Promise<void> | void;
}

export const partitionKey = ({ topic, partition }: TopicPartition): string => `${topic}|${partition}`;

function sorted(partitions: Iterable<TopicPartition>): TopicPartition[] {
  return [...partitions].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

export class GroupMembership implements ConsumerEngineEvents {
  private current = 0;
  private owned = new Map<string, TopicPartition>();
  private rebalancing = true;
  private controller = new AbortController();
  private hooksDone: Promise<void> = Promise.resolve();
  private hooksPending = false;
  private crash: Error | undefined;

  constructor(
    private readonly hooks: RebalanceHooks,
    private readonly logger: Logger,
  ) {}

  generation(): number {
    return this.current;
  }

  assignment(): TopicPartition[] {
    return sorted(this.owned.values());
  }

  /** The guard: true only in the generation the work started in, for a partition it still holds. */
  owns(partition: TopicPartition, generation: number): boolean {
    return !this.rebalancing && generation === this.current && this.owned.has(partitionKey(partition));
  }

  /** Aborted when the current generation ends; handed to handlers so a slow write can stop early. */
  signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Resolves once the rebalance hooks of the current generation ran (rejects if one failed). */
  ready(): Promise<void> {
    return this.hooksDone;
  }

  /** True when no rebalance hook is running or failed: batches need not wait for ready(). */
  isReady(): boolean {
    return !this.hooksPending;
  }

  /** The error of a crash the engine will not recover from by itself. */
  fatalError(): Error | undefined {
    return this.crash;
  }

  onGroupJoin(assignment: readonly TopicPartition[]): void {
    const next = new Map(assignment.map((tp) => [partitionKey(tp), tp] as const));
    const revoked = sorted([...this.owned].filter(([key]) => !next.has(key)).map(([, tp]) => tp));
    const added = sorted([...next].filter(([key]) => !this.owned.has(key)).map(([, tp]) => tp));
    this.endGeneration();
    this.owned = next;
    this.rebalancing = false;
    this.logger.info('joined group', { generation: this.current, assigned: this.assignment().map(partitionKey), added: added.map(partitionKey), revoked: revoked.map(partitionKey) });
    this.runHooks(revoked, added);
  }

  onRebalancing(): void {
    // Nothing of the current generation may commit from here on; the next GROUP_JOIN decides.
    this.rebalancing = true;
    this.logger.info('group rebalancing', { generation: this.current });
  }

  onCrash(error: Error, restarting: boolean): void {
    // kafkajs disconnects on a crash (the member leaves the group) and, if it restarts, joins
    // as a new member: everything is revoked, and the next join assigns (and restores) afresh.
    if (!restarting) this.crash = error;
    this.logger.error('consumer crashed', { error, restarting, generation: this.current });
    this.revokeAll();
  }

  /** Stop: every partition is revoked, after the engine finished its batches. */
  async leave(): Promise<void> {
    this.revokeAll();
    await this.hooksDone;
  }

  private revokeAll(): void {
    const revoked = this.assignment();
    this.endGeneration();
    this.owned = new Map();
    this.rebalancing = true;
    this.runHooks(revoked, []);
  }

  private endGeneration(): void {
    this.current += 1;
    this.controller.abort(new Error('group generation ended'));
    this.controller = new AbortController();
  }

  private runHooks(revoked: readonly TopicPartition[], added: readonly TopicPartition[]): void {
    const { onRevoked, onAssigned } = this.hooks;
    // Chained: hooks of consecutive generations never overlap, revoke before assign.
    if ((revoked.length === 0 || !onRevoked) && (added.length === 0 || !onAssigned)) return;
    this.hooksPending = true;
    const done = this.hooksDone
      .catch(() => undefined)
      .then(async () => {
        if (revoked.length > 0 && onRevoked) await onRevoked(revoked);
        if (added.length > 0 && onAssigned) await onAssigned(added);
      });
    this.hooksDone = done;
    done.then(
      () => {
        if (this.hooksDone === done) this.hooksPending = false;
      },
      (error: unknown) => this.logger.error('rebalance hook failed', { error }),
    );
  }
}
