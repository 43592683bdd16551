/**
 * `npx callfold lag`: the lag table (or JSON lines) per group, topic and partition, and an exit
 * code usable as a probe (docs/cli.md, "lag").
 */
import { createKafkaClient, type KafkaClient, kafkaSettingsFromEnv, NO_OFFSET } from '@callfold/kafka';
import { collectLag, defaultLagGroups, type GroupSpec, type LagRow, lagTotals, rowsFromLogStart, rowsOverThreshold } from './lag';
import { createOldestUnprocessedReader } from './lag-admin';

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

Prints consumer lag (log-end offset - committed offset, from the log start where retention
deleted messages past the commit) per group, topic and partition.
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
  const fromLogStart = rowsFromLogStart(rows);
  if (!options.json && fromLogStart.length > 0) {
    options.print(
      `lag counted from the log start where retention deleted messages past the group's commit (the group resumes there): ${fromLogStart.map((r) => `${r.group} ${r.topic}[${r.partition}] from ${r.logStart}`).join(', ')}`,
    );
  }
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
