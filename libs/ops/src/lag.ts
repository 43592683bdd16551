/**
 * Consumer lag per group, topic and partition: log-end offset minus committed offset, through
 * libs/kafka's offset math (`lagOf`, int64 as BigInt). Three uses:
 * - `collectLag` (here): the rows, for anything that wants them;
 * - `createLagMonitor` (lag.monitor.ts): refreshes `callfold_consumer_lag_messages` on an interval
 *   inside a service;
 * - `runLagCommand` (lag.command.ts): `npx callfold lag`, a table and an exit code usable as a probe.
 */
import { Topics } from '@callfold/contracts';
import { lagOf, NO_OFFSET, parseOffset, resumeOffset } from '@callfold/kafka';
import { type LagAdmin, type OldestUnprocessedReader } from './lag-admin';

/** A consumer group and the topics it reads; without topics, every callfold topic the group has committed on. */
export interface GroupSpec {
  readonly groupId: string;
  readonly topics?: readonly string[];
}

export interface LagRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** Next offset the group will read; "-1" when it never committed on this partition. */
  readonly committed: string;
  /** Log-end offset (high watermark): the offset the next produced record gets. */
  readonly end: string;
  /**
   * Earliest offset still stored (above 0 once retention removed the head), where the admin
   * reports it.
   */
  readonly logStart?: string;
  /**
   * end - committed, counted from the log start when nothing is committed or the commit lies
   * below it (`lagOf`); never negative; int64 decimal.
   */
  readonly lag: string;
  /** Record timestamp of the oldest unprocessed message, ISO 8601, when asked for and found. */
  readonly oldestUnprocessedAt?: string;
  /** now - that timestamp, in seconds (never negative). */
  readonly ageSeconds?: number;
}

export const DEFAULT_PROJECTOR_GROUP_ID = 'callfold-projector';
export const DEFAULT_WRITER_GROUP_ID = 'callfold-writer';

/** The groups of callfold's own services; group ids follow the services' variables. */
export function defaultLagGroups(env: NodeJS.ProcessEnv = process.env): GroupSpec[] {
  return [
    { groupId: env['CALLFOLD_PROJECTOR_GROUP_ID']?.trim() || DEFAULT_PROJECTOR_GROUP_ID, topics: [Topics.callEvents] },
    { groupId: env['CALLFOLD_WRITER_GROUP_ID']?.trim() || DEFAULT_WRITER_GROUP_ID, topics: [Topics.callEvents, Topics.conversations] },
  ];
}

/** Topics looked at for a group named without topics. */
export const DISCOVERABLE_TOPICS: readonly string[] = [Topics.callEvents, Topics.conversations, Topics.deadLetters];

export interface CollectLagOptions {
  /** When given, rows with lag > 0 also carry the oldest unprocessed message's timestamp and age. */
  readonly oldest?: OldestUnprocessedReader;
  readonly now?: () => Date;
}

/** Kafka's UNKNOWN_TOPIC_OR_PARTITION, as kafkajs reports it (error type or broker message). */
export function isUnknownTopic(error: unknown): boolean {
  const e = error as { type?: unknown; message?: unknown } | null;
  return e?.type === 'UNKNOWN_TOPIC_OR_PARTITION' || (typeof e?.message === 'string' && /does not host this topic-partition|unknown topic/i.test(e.message));
}

/** Rows whose lag counts from the log start because retention passed the group's commit (or it has none). */
export function rowsFromLogStart(rows: readonly LagRow[]): LagRow[] {
  return rows.filter((r) => r.logStart !== undefined && r.logStart !== '0' && resumeOffset(r.committed, r.logStart) !== r.committed);
}

const compareRows = (a: LagRow, b: LagRow): number =>
  a.group !== b.group ? (a.group < b.group ? -1 : 1) : a.topic !== b.topic ? (a.topic < b.topic ? -1 : 1) : a.partition - b.partition;

/**
 * One row per partition of every (group, topic): every partition of the topic, committed or not.
 * End offsets are read once per topic, however many groups read it.
 */
export async function collectLag(admin: LagAdmin, groups: readonly GroupSpec[], options: CollectLagOptions = {}): Promise<LagRow[]> {
  const ends = new Map<string, ReturnType<LagAdmin['endOffsets']>>();
  const endsOf = (topic: string) => {
    let pending = ends.get(topic);
    if (!pending) ends.set(topic, (pending = admin.endOffsets(topic)));
    return pending;
  };
  const now = (options.now ?? (() => new Date()))();
  const rows: LagRow[] = [];
  for (const group of groups) {
    const explicit = group.topics !== undefined;
    for (const topic of group.topics ?? DISCOVERABLE_TOPICS) {
      let committedList: readonly { partition: number; offset: string }[];
      try {
        committedList = await admin.committedOffsets(group.groupId, topic);
      } catch (error) {
        // Discovering: a callfold topic that does not exist here is simply not read by the group.
        if (!explicit && isUnknownTopic(error)) continue;
        throw error;
      }
      if (!explicit && !committedList.some((c) => parseOffset(c.offset) >= 0n)) continue;
      const committed = new Map(committedList.map((c) => [c.partition, c.offset]));
      const topicRows: LagRow[] = (await endsOf(topic)).map(({ partition, offset: end, logStart }) => {
        const at = committed.get(partition) ?? NO_OFFSET;
        return { group: group.groupId, topic, partition, committed: at, end, ...(logStart !== undefined ? { logStart } : {}), lag: lagOf(end, at, logStart) };
      });
      if (options.oldest) {
        const lagging = topicRows.filter((r) => r.lag !== '0').map((r) => ({ partition: r.partition, offset: resumeOffset(r.committed, r.logStart) }));
        const stamps = lagging.length > 0 ? await options.oldest.timestamps(topic, lagging) : new Map<number, string>();
        for (const [i, row] of topicRows.entries()) {
          const stamp = stamps.get(row.partition);
          if (stamp === undefined || !/^\d+$/.test(stamp)) continue;
          const at = new Date(Number(stamp));
          topicRows[i] = { ...row, oldestUnprocessedAt: at.toISOString(), ageSeconds: Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) };
        }
      }
      rows.push(...topicRows);
    }
  }
  return rows.sort(compareRows);
}

/** Total lag per group (BigInt-exact decimal strings). */
export function lagTotals(rows: readonly LagRow[]): Map<string, string> {
  const totals = new Map<string, bigint>();
  for (const row of rows) totals.set(row.group, (totals.get(row.group) ?? 0n) + parseOffset(row.lag));
  return new Map([...totals].map(([group, total]) => [group, total.toString()]));
}

/** Rows whose lag is strictly above `threshold` messages. */
export function rowsOverThreshold(rows: readonly LagRow[], threshold: number): LagRow[] {
  const limit = BigInt(Math.floor(threshold));
  return rows.filter((row) => parseOffset(row.lag) > limit);
}
