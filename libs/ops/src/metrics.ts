/**
 * The Prometheus metrics every callfold service exposes, on a registry of its own (never
 * prom-client's global one, so two services or two tests in one process never share series).
 *
 * Naming (https://prometheus.io/docs/practices/naming/): `callfold_` prefix, base units in the
 * name (`_seconds`, `_bytes`), counters end in `_total`. Rates are never exported: Prometheus
 * derives them, e.g. events per second per topic = `sum by (topic) (rate(callfold_events_consumed_total[1m]))`.
 *
 * Cardinality stays bounded: labels are topic, partition, consumer group, table, dead-letter
 * reason and conversation status, never a conversation id or an event id.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const METRIC_PREFIX = 'callfold_';

/** Seconds: from 1 ms (an idle batch) to 60 s (a batch retried against a slow sink). */
export const BATCH_SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Seconds: ClickHouse inserts of 1 to 20,000 rows. */
export const INSERT_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: restoring state on assignment takes from a blink to minutes for a large partition. */
export const RESTORE_SECONDS_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export interface MetricsOptions {
  /** Constant `service` label on every series (projector, writer, simulator). */
  readonly service: string;
  /** Node process metrics (CPU, memory, heap, event loop lag, GC) under `callfold_`; default true. */
  readonly processMetrics?: boolean;
}

/**
 * Every metric, typed by its labels: `metrics.eventsConsumed.inc({ topic }, n)`,
 * `metrics.batchDuration.observe({ topic }, seconds)`, `metrics.consumerLag.set({ group, topic, partition }, lag)`.
 */
export interface CallfoldMetrics {
  readonly registry: Registry;
  /** Messages not yet consumed: log-end offset minus committed offset (lag monitor). */
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  /** Lag refreshes that failed (Kafka unreachable, unknown group): the lag gauge is stale meanwhile. */
  readonly consumerLagRefreshErrors: Counter<'group'>;
  /** Record timestamp of the last message processed per partition, epoch seconds: event-time lag = time() - this. */
  readonly lastMessageTimestamp: Gauge<'topic' | 'partition'>;
  /** Messages taken off Kafka and handled (accepted or dead-lettered). */
  readonly eventsConsumed: Counter<'topic'>;
  /** Partition batches handled and committed. */
  readonly batches: Counter<'topic'>;
  /** Batch attempts that threw (the batch consumer retries them). */
  readonly batchFailures: Counter<'topic'>;
  /** Wall time of one batch attempt, decode to sink confirmation. */
  readonly batchDuration: Histogram<'topic'>;
  /** Messages written to the dead-letter topic, by reason (UNDECODABLE, INVALID_EVENT, …). */
  readonly deadLetters: Counter<'topic' | 'reason'>;
  /** Rebalances that changed this member's assignment. */
  readonly rebalances: Counter<'group'>;
  /** Partitions this member holds. */
  readonly assignedPartitions: Gauge<'group' | 'topic'>;
  /** Conversations held in the projector's state, `status` = open | closed. */
  readonly conversationsInState: Gauge<'status'>;
  /** Time to restore state for newly assigned partitions. */
  readonly stateRestoreDuration: Histogram<string>;
  /** Duration of the last restore, for a single-stat panel. */
  readonly stateRestoreLastDuration: Gauge<string>;
  /** 1 once state restore completed for the current assignment, 0 while restoring. */
  readonly stateRestored: Gauge<string>;
  readonly clickhouseInsertRows: Counter<'table'>;
  readonly clickhouseInsertBytes: Counter<'table'>;
  readonly clickhouseInsertDuration: Histogram<'table'>;
  readonly clickhouseInsertErrors: Counter<'table'>;
  readonly transactionCommits: Counter<string>;
  readonly transactionAborts: Counter<string>;
  /** Epoch seconds of the last progress tick of the consume loop (what /health/live judges). */
  readonly lastProgress: Gauge<string>;
}

/** Name, type and labels of every callfold metric: the contract dashboards and alerts are checked against. */
export const METRIC_CATALOG = {
  consumerLag: { name: 'callfold_consumer_lag_messages', type: 'gauge', labels: ['group', 'topic', 'partition'], help: 'Messages not yet consumed by the group: log-end offset minus committed offset.' },
  consumerLagRefreshErrors: { name: 'callfold_consumer_lag_refresh_errors_total', type: 'counter', labels: ['group'], help: 'Lag refreshes that failed; the lag gauge keeps its last value meanwhile.' },
  lastMessageTimestamp: { name: 'callfold_consumer_last_message_timestamp_seconds', type: 'gauge', labels: ['topic', 'partition'], help: 'Record timestamp of the last message processed, epoch seconds.' },
  eventsConsumed: { name: 'callfold_events_consumed_total', type: 'counter', labels: ['topic'], help: 'Messages consumed and handled (accepted or dead-lettered).' },
  batches: { name: 'callfold_batches_total', type: 'counter', labels: ['topic'], help: 'Partition batches handled and committed.' },
  batchFailures: { name: 'callfold_batch_failures_total', type: 'counter', labels: ['topic'], help: 'Batch attempts that threw and will be retried.' },
  batchDuration: { name: 'callfold_batch_duration_seconds', type: 'histogram', labels: ['topic'], help: 'Wall time of one batch attempt, decode to sink confirmation.' },
  deadLetters: { name: 'callfold_dead_letters_total', type: 'counter', labels: ['topic', 'reason'], help: 'Messages sent to the dead-letter topic, by reason.' },
  rebalances: { name: 'callfold_rebalances_total', type: 'counter', labels: ['group'], help: 'Rebalances that changed this member assignment.' },
  assignedPartitions: { name: 'callfold_assigned_partitions', type: 'gauge', labels: ['group', 'topic'], help: 'Partitions assigned to this member.' },
  conversationsInState: { name: 'callfold_state_conversations', type: 'gauge', labels: ['status'], help: 'Conversations held in state, by status (open, closed).' },
  stateRestoreDuration: { name: 'callfold_state_restore_duration_seconds', type: 'histogram', labels: [], help: 'Time to restore state for newly assigned partitions.' },
  stateRestoreLastDuration: { name: 'callfold_state_restore_last_duration_seconds', type: 'gauge', labels: [], help: 'Duration of the last state restore.' },
  stateRestored: { name: 'callfold_state_restored', type: 'gauge', labels: [], help: '1 once state restore completed for the current assignment, 0 while restoring.' },
  clickhouseInsertRows: { name: 'callfold_clickhouse_insert_rows_total', type: 'counter', labels: ['table'], help: 'Rows inserted into ClickHouse.' },
  clickhouseInsertBytes: { name: 'callfold_clickhouse_insert_bytes_total', type: 'counter', labels: ['table'], help: 'Bytes sent in ClickHouse inserts.' },
  clickhouseInsertDuration: { name: 'callfold_clickhouse_insert_duration_seconds', type: 'histogram', labels: ['table'], help: 'Duration of one ClickHouse insert, successful or not.' },
  clickhouseInsertErrors: { name: 'callfold_clickhouse_insert_errors_total', type: 'counter', labels: ['table'], help: 'ClickHouse inserts that failed.' },
  transactionCommits: { name: 'callfold_transaction_commits_total', type: 'counter', labels: [], help: 'Kafka transactions committed.' },
  transactionAborts: { name: 'callfold_transaction_aborts_total', type: 'counter', labels: [], help: 'Kafka transactions aborted (the batch is replayed).' },
  lastProgress: { name: 'callfold_last_progress_timestamp_seconds', type: 'gauge', labels: [], help: 'Epoch seconds of the last progress of the consume loop.' },
} as const satisfies Record<Exclude<keyof CallfoldMetrics, 'registry'>, { name: string; type: 'counter' | 'gauge' | 'histogram'; labels: readonly string[]; help: string }>;

/** Process metrics prom-client collects (names after the `callfold_` prefix), e.g. callfold_process_cpu_seconds_total. */
export const PROCESS_METRIC_PREFIXES = [`${METRIC_PREFIX}process_`, `${METRIC_PREFIX}nodejs_`] as const;

type Spec = (typeof METRIC_CATALOG)[keyof typeof METRIC_CATALOG];

function config<L extends string>(spec: Spec, registry: Registry) {
  return { name: spec.name, help: spec.help, labelNames: spec.labels as unknown as readonly L[], registers: [registry] };
}

/** A fresh registry holding every callfold metric (and, by default, the process metrics). */
export function createMetrics(options: MetricsOptions): CallfoldMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const c = METRIC_CATALOG;
  return {
    registry,
    consumerLag: new Gauge(config(c.consumerLag, registry)),
    consumerLagRefreshErrors: new Counter(config(c.consumerLagRefreshErrors, registry)),
    lastMessageTimestamp: new Gauge(config(c.lastMessageTimestamp, registry)),
    eventsConsumed: new Counter(config(c.eventsConsumed, registry)),
    batches: new Counter(config(c.batches, registry)),
    batchFailures: new Counter(config(c.batchFailures, registry)),
    batchDuration: new Histogram({ ...config(c.batchDuration, registry), buckets: BATCH_SECONDS_BUCKETS }),
    deadLetters: new Counter(config(c.deadLetters, registry)),
    rebalances: new Counter(config(c.rebalances, registry)),
    assignedPartitions: new Gauge(config(c.assignedPartitions, registry)),
    conversationsInState: new Gauge(config(c.conversationsInState, registry)),
    stateRestoreDuration: new Histogram({ ...config(c.stateRestoreDuration, registry), buckets: RESTORE_SECONDS_BUCKETS }),
    stateRestoreLastDuration: new Gauge(config(c.stateRestoreLastDuration, registry)),
    stateRestored: new Gauge(config(c.stateRestored, registry)),
    clickhouseInsertRows: new Counter(config(c.clickhouseInsertRows, registry)),
    clickhouseInsertBytes: new Counter(config(c.clickhouseInsertBytes, registry)),
    clickhouseInsertDuration: new Histogram({ ...config(c.clickhouseInsertDuration, registry), buckets: INSERT_SECONDS_BUCKETS }),
    clickhouseInsertErrors: new Counter(config(c.clickhouseInsertErrors, registry)),
    transactionCommits: new Counter(config(c.transactionCommits, registry)),
    transactionAborts: new Counter(config(c.transactionAborts, registry)),
    lastProgress: new Gauge(config(c.lastProgress, registry)),
  };
}

/**
 * Every series name a scrape of `metrics` can contain: the catalog, histogram `_bucket`, `_sum`
 * and `_count`, and the process metrics. Dashboards and alerts may only use these.
 */
export function exportedSeriesNames(metrics: CallfoldMetrics): Set<string> {
  const names = new Set<string>();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}
