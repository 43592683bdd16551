/**
 * Consumer lag per group, topic and partition: log-end offset minus committed offset, through
 * libs/kafka's offset math (`lagOf`, int64 as BigInt). Three uses:
 * - `collectLag`: the rows, for anything that wants them;
 * - `createLagMonitor`: refreshes `callfold_consumer_lag_messages` on an interval inside a service;
 * - `runLagCommand`: `npx callfold lag`, a table and an exit code usable as a probe.
 */
import { Topics } from '@callfold/contracts';
import { createKafkaClient, type KafkaClient, kafkaSettingsFromEnv, lagOf, type Logger, NO_OFFSET, parseOffset, type TopicPartition } from '@callfold/kafka';
import { createOldestUnprocessedReader, type LagAdmin, type OldestUnprocessedReader } from './lag-admin';
import { type CallfoldMetrics } from './metrics';

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
  /** end - committed (from the log start when nothing is committed), never negative; int64 decimal. */
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

const compareRows = (a: LagRow, b: LagRow): number =>
  a.group !== b.group ? (a.group < b.group ? -1 : 1) : a.topic !== b.topic ? (a.topic < b.topic ? -1 : 1) : a.partition - b.partition;

/**
 * One row per partition of every (group, topic): every partition of the topic, committed or not.
 * End offsets are read once per topic, however many groups read it.
 */
export async function collectLag(admin: LagAdmin, groups: readonly GroupSpec[], options: CollectLagOptions = {}): Promise<LagRow[]> {
  const ends = new Map<string, Promise<readonly { partition: number; offset: string }[]>>();
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
      const topicRows: LagRow[] = (await endsOf(topic)).map(({ partition, offset: end }) => {
        const at = committed.get(partition) ?? NO_OFFSET;
        return { group: group.groupId, topic, partition, committed: at, end, lag: lagOf(end, at) };
      });
      if (options.oldest) {
        const lagging = topicRows.filter((r) => r.lag !== '0').map((r) => ({ partition: r.partition, offset: parseOffset(r.committed) < 0n ? '0' : r.committed }));
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

function formatAge(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A plain-text table, one line per partition; numbers right-aligned. The oldest-unprocessed
 * columns appear only when some row carries them.
 */
export function formatLagTable(rows: readonly LagRow[]): string {
  const withAge = rows.some((r) => r.oldestUnprocessedAt !== undefined);
  const header = ['GROUP', 'TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG', ...(withAge ? ['OLDEST UNPROCESSED', 'AGE'] : [])];
  const numeric = [false, false, true, true, true, true, false, false];
  const body = rows.map((r) => [
    r.group,
    r.topic,
    String(r.partition),
    r.committed === NO_OFFSET ? '-' : r.committed,
    r.end,
    r.lag,
    ...(withAge ? [r.oldestUnprocessedAt ?? '-', formatAge(r.ageSeconds)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => (line[i] ?? '').length)));
  const render = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [render(header), ...body.map(render)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The lag monitor: a service refreshes the lag gauge of its own group(s) on an interval.
// ---------------------------------------------------------------------------------------------

export interface LagMonitorOptions {
  /** An admin; if it has connect/disconnect (libs/kafka's KafkaAdmin), the monitor calls them. */
  readonly admin: LagAdmin & { connect?(): Promise<void>; disconnect?(): Promise<void> };
  readonly groups: readonly GroupSpec[];
  /** Refresh period; default 15 s (the usual scrape interval). */
  readonly intervalMs?: number;
  readonly metrics: CallfoldMetrics;
  readonly logger?: Logger;
}

export interface LagMonitor {
  /** Refreshes now, then every interval (the timer never keeps the process alive). */
  start(): void;
  /** Stops the timer, waits for a refresh in flight, disconnects the admin. */
  stop(): Promise<void>;
  /** One refresh; resolves with the rows and sets the gauge (or counts an error and rethrows). */
  refresh(): Promise<LagRow[]>;
  /** The rows of the last successful refresh. */
  rows(): readonly LagRow[];
  /**
   * Sum of the last known lag of `groupId` over `partitions` (all of its partitions when
   * omitted); undefined before the first successful refresh. Liveness uses it to tell an idle
   * consumer (nothing to do) from a stuck one.
   */
  pending(groupId: string, partitions?: readonly TopicPartition[]): number | undefined;
}

export function createLagMonitor(options: LagMonitorOptions): LagMonitor {
  const { admin, metrics } = options;
  const intervalMs = options.intervalMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<LagRow[]> | undefined;
  let connected = false;
  let last: LagRow[] | undefined;
  const published = new Map<string, Set<string>>();

  const publish = (rows: readonly LagRow[]): void => {
    for (const group of options.groups) {
      const seen = new Set<string>();
      for (const row of rows.filter((r) => r.group === group.groupId)) {
        const labels = { group: row.group, topic: row.topic, partition: String(row.partition) };
        metrics.consumerLag.set(labels, Number(row.lag));
        seen.add(JSON.stringify(labels));
      }
      for (const old of published.get(group.groupId) ?? []) {
        if (!seen.has(old)) metrics.consumerLag.remove(JSON.parse(old) as Record<string, string>);
      }
      published.set(group.groupId, seen);
    }
  };

  const doRefresh = async (): Promise<LagRow[]> => {
    try {
      if (!connected && admin.connect) await admin.connect();
      connected = true;
      const rows = await collectLag(admin, options.groups);
      publish(rows);
      last = rows;
      return rows;
    } catch (error) {
      for (const group of options.groups) metrics.consumerLagRefreshErrors.inc({ group: group.groupId });
      options.logger?.warn('lag refresh failed', { error });
      if (connected && admin.disconnect) {
        connected = false;
        await admin.disconnect().catch(() => undefined);
      }
      throw error;
    }
  };

  const refresh = (): Promise<LagRow[]> => {
    if (!inFlight) inFlight = doRefresh().finally(() => (inFlight = undefined));
    return inFlight;
  };
  const tick = (): void => void refresh().catch(() => undefined);

  return {
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await inFlight?.catch(() => undefined);
      if (connected && admin.disconnect) await admin.disconnect().catch(() => undefined);
      connected = false;
    },
    refresh,
    rows: () => last ?? [],
    pending(groupId, partitions) {
      if (!last) return undefined;
      const wanted = partitions ? new Set(partitions.map((p) => `${p.topic}|${p.partition}`)) : undefined;
      return last
        .filter((r) => r.group === groupId && (!wanted || wanted.has(`${r.topic}|${r.partition}`)))
        .reduce((sum, r) => sum + Number(r.lag), 0);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// `npx callfold lag`
// ---------------------------------------------------------------------------------------------

export const LAG_EXIT = {
  /** Every partition at or below the threshold (or no threshold given). */
  ok: 0,
  /** At least one partition above the threshold. */
  overThreshold: 1,
  /** Bad arguments, or Kafka could not be asked. */
  error: 2,
} as const;

export interface LagCommandOptions {
  /** Groups to report; default: the projector's and the writer's (`defaultLagGroups`). */
  readonly groups?: readonly GroupSpec[];
  /** Exit 1 when any partition's lag is above this many messages; without it, only report. */
  readonly threshold?: number;
  /** Also read the oldest unprocessed message's timestamp (a throwaway consumer per topic; seconds). */
  readonly age?: boolean;
  /** One JSON object per partition instead of the table. */
  readonly json?: boolean;
  readonly print: (line: string) => void;
  readonly printError?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** The Kafka client; default: one built from the CALLFOLD_KAFKA_* variables. */
  readonly kafka?: Pick<KafkaClient, 'admin' | 'consumer'>;
  /** Give up (exit 2) after this long; default 60 s. */
  readonly timeoutMs?: number;
}

export const LAG_USAGE = `callfold lag [--group ID[=TOPIC,TOPIC]]... [--threshold N] [--age] [--json]

Prints consumer lag (log-end offset - committed offset) per group, topic and partition.
  --group ID[=TOPICS]  a consumer group (repeatable); default: the projector and writer groups
                       (CALLFOLD_PROJECTOR_GROUP_ID, CALLFOLD_WRITER_GROUP_ID). Without topics,
                       every callfold topic the group has committed on.
  --threshold N        exit 1 if any partition lags by more than N messages (a probe)
  --age                also show the oldest unprocessed message's timestamp and age (slower:
                       joins a throwaway consumer group)
  --json               one JSON object per partition
Exit codes: 0 within the threshold, 1 above it, 2 on bad arguments or when Kafka cannot be asked.`;

export type ParsedLagArgs = { readonly ok: true; readonly options: Omit<LagCommandOptions, 'print' | 'printError' | 'env' | 'kafka'> } | { readonly ok: false; readonly error: string };

/** Parses the arguments after `lag`. */
export function parseLagArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedLagArgs {
  const groups: GroupSpec[] = [];
  let threshold: number | undefined;
  let age = false;
  let json = false;
  const known = new Map(defaultLagGroups(env).map((g) => [g.groupId, g]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') && !arg.startsWith('--group=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--group' || arg.startsWith('--group=')) {
      const raw = arg.startsWith('--group=') ? arg.slice('--group='.length) : argv[++i];
      if (!raw) return { ok: false, error: '--group needs a consumer group id' };
      const [groupId, topicList] = raw.split('=', 2) as [string, string | undefined];
      const topics = topicList?.split(',').map((t) => t.trim()).filter(Boolean);
      if (!groupId) return { ok: false, error: `--group "${raw}" has no group id` };
      groups.push({ groupId, topics: topics && topics.length > 0 ? topics : known.get(groupId)?.topics });
    } else if (flag === '--threshold') {
      const raw = value();
      if (raw === undefined || !/^\d+$/.test(raw)) return { ok: false, error: `--threshold needs a non-negative whole number of messages, got "${raw ?? ''}"` };
      threshold = Number(raw);
    } else if (flag === '--age') {
      age = true;
    } else if (flag === '--json') {
      json = true;
    } else {
      return { ok: false, error: `unknown argument "${arg}"` };
    }
  }
  return { ok: true, options: { ...(groups.length > 0 ? { groups } : {}), ...(threshold !== undefined ? { threshold } : {}), age, json } };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `npx callfold lag`: prints the lag table (or JSON lines) and a verdict, and returns the exit
 * code: 0 when every partition is at or below the threshold, 1 when one is above, 2 on error.
 */
export async function runLagCommand(options: LagCommandOptions): Promise<number> {
  const printError = options.printError ?? options.print;
  const env = options.env ?? process.env;
  const groups = options.groups ?? defaultLagGroups(env);
  let kafka = options.kafka;
  try {
    kafka ??= createKafkaClient(kafkaSettingsFromEnv(env));
  } catch (error) {
    printError(`callfold lag: ${(error as Error).message}`);
    return LAG_EXIT.error;
  }
  const admin = kafka.admin();
  let rows: LagRow[];
  try {
    const oldest = options.age ? createOldestUnprocessedReader(kafka) : undefined;
    rows = await withTimeout(
      (async () => {
        await admin.connect();
        return collectLag(admin, groups, { oldest });
      })(),
      options.timeoutMs ?? 60_000,
      'Kafka',
    );
  } catch (error) {
    printError(`callfold lag: cannot read offsets: ${(error as Error).message}`);
    return LAG_EXIT.error;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }

  if (options.json) for (const row of rows) options.print(JSON.stringify(row));
  else if (rows.length === 0) options.print(`no committed offsets for ${groups.map((g) => g.groupId).join(', ')}`);
  else options.print(formatLagTable(rows));

  const totals = [...lagTotals(rows)].map(([group, total]) => `${group} ${total}`).join(', ');
  if (!options.json && totals) options.print(`total lag: ${totals}`);
  if (options.threshold === undefined) return LAG_EXIT.ok;
  const over = rowsOverThreshold(rows, options.threshold);
  if (over.length === 0) {
    if (!options.json) options.print(`OK: no partition lags by more than ${options.threshold} messages`);
    return LAG_EXIT.ok;
  }
  printError(
    `LAG: ${over.length} partition(s) above ${options.threshold} messages: ${over.map((r) => `${r.group} ${r.topic}[${r.partition}]=${r.lag}`).join(', ')}`,
  );
  return LAG_EXIT.overThreshold;
}
