/**
 * The lag monitor: a service refreshes the lag gauge of its own group(s) on an interval
 * (`callfold_consumer_lag_messages`), and liveness asks it whether a silent consumer has work.
 */
import { type Logger, type TopicPartition } from '@callfold/kafka';
import { collectLag, type GroupSpec, type LagRow } from './lag';
import { type LagAdmin } from './lag-admin';
import { type CallfoldMetrics } from './metrics';

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
