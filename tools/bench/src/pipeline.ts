import { applyMigrations, type ClickHouseBackend, loadMigrations } from '@callfold/clickhouse';
import { standaloneSchema } from '@callfold/contracts';
import { createKafkaClient, type KafkaClient, type KafkaSettings, type Logger, type RegistryClient } from '@callfold/kafka';
import { type BackendTrace, type ClientTrace, traceBackend, traceClient } from './instrument';
import { loadProjector, loadProjectorConfig, loadWriter, loadWriterConfig } from './services';

/** One bench pipeline's names: fresh topics, groups and database, so runs never see each other's data. */
export interface PipelineNames {
  readonly topics: { readonly callEvents: string; readonly conversations: string; readonly deadLetters: string };
  readonly projectorGroup: string;
  readonly writerGroup: string;
  readonly transactionalId: string;
  readonly database: string;
}

export function pipelineNames(runId: string, label: string): PipelineNames {
  const base = `bench.${runId}.${label}`;
  return {
    topics: { callEvents: `${base}.call-events`, conversations: `${base}.conversations`, deadLetters: `${base}.dead-letters` },
    projectorGroup: `${base}.projector`,
    writerGroup: `${base}.writer`,
    transactionalId: `${base}.projector.0`,
    database: `bench_${runId.replace(/\W/g, '_')}_${label}`,
  };
}

export interface PipelineContext {
  readonly settings: KafkaSettings;
  readonly registry: RegistryClient;
  readonly engine: ClickHouseBackend;
  readonly logger: Logger;
  readonly partitions: number;
  /** Warnings and errors the services logged so far, by message (kafkajs retries show up here). */
  readonly logged: Map<string, number>;
}

/** Creates the call-events topic and registers its value schema: what event producers would have done. */
export async function prepareInput(context: PipelineContext, names: PipelineNames, admin: KafkaClient): Promise<number> {
  const a = admin.admin();
  await a.connect();
  try {
    await a.createTopics([{ topic: names.topics.callEvents, partitions: context.partitions }]);
  } finally {
    await a.disconnect();
  }
  return context.registry.register(`${names.topics.callEvents}-value`, standaloneSchema('CallEvent'));
}

/** The writer's tables in the pipeline's own database (outside any timed window). */
export async function migrate(context: PipelineContext, names: PipelineNames): Promise<void> {
  const { DEFAULT_MIGRATIONS_DIR } = await loadWriterConfig();
  await applyMigrations(context.engine, loadMigrations(DEFAULT_MIGRATIONS_DIR), { database: names.database }, () => undefined);
}

export interface RunningPipeline {
  readonly projectorTrace: ClientTrace;
  readonly writerTrace: ClientTrace;
  readonly backendTrace: BackendTrace;
  readonly startedAt: number;
  /** Warnings and errors logged before the pipeline started (to count only its own). */
  readonly loggedBefore: ReadonlyMap<string, number>;
  readonly context: PipelineContext;
  projectorCounters(): Record<string, unknown>;
  writerStats(): Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * The real projector and the real writer, built by their own factories from their own
 * configuration (environment defaults, as `main.ts` reads them), with only the names changed and
 * two observation wrappers as dependencies. Each service gets its own Kafka client, as two
 * processes would; they share this process's event loop (and the embedded ClickHouse, which only
 * one process may open).
 */
export interface PipelineHooks {
  /** Every offset commit of the writer (after its inserts were acknowledged). */
  readonly writerCommit?: ClientTrace['onCommit'];
  readonly projectorBatchCommitted?: ClientTrace['onBatchCommitted'];
  readonly writerBatchCommitted?: ClientTrace['onBatchCommitted'];
  readonly inserted?: BackendTrace['onInserted'];
}

export async function startPipeline(context: PipelineContext, names: PipelineNames, hooks: PipelineHooks = {}): Promise<RunningPipeline> {
  const [{ createProjector }, { projectorConfigFromEnv }, { createWriter }, { writerConfigFromEnv }] = await Promise.all([
    loadProjector(),
    loadProjectorConfig(),
    loadWriter(),
    loadWriterConfig(),
  ]);
  const projectorKafka = traceClient(createKafkaClient(context.settings, { logger: context.logger.child('projector') }));
  const writerKafka = traceClient(createKafkaClient(context.settings, { logger: context.logger.child('writer') }));
  const clickhouse = traceBackend(context.engine);
  writerKafka.trace.onCommit = hooks.writerCommit;
  writerKafka.trace.onBatchCommitted = hooks.writerBatchCommitted;
  projectorKafka.trace.onBatchCommitted = hooks.projectorBatchCommitted;
  clickhouse.trace.onInserted = hooks.inserted;

  const projectorBase = projectorConfigFromEnv(process.env);
  const projector = createProjector(
    {
      ...projectorBase,
      kafka: context.settings,
      instanceId: 'bench-0',
      groupId: names.projectorGroup,
      transactionalId: names.transactionalId,
      topics: names.topics,
      defaultPartitions: context.partitions,
    },
    { client: projectorKafka.client, registryClient: context.registry, logger: context.logger.child('projector') },
    { onFatal: (error) => context.logger.error('projector stopped itself', { error }) },
  );
  const writerBase = writerConfigFromEnv(process.env);
  const writer = createWriter({
    config: {
      ...writerBase,
      groupId: names.writerGroup,
      topics: { callEvents: names.topics.callEvents, conversations: names.topics.conversations },
      database: names.database,
      migrateOnStart: false,
    },
    backend: clickhouse.backend,
    kafka: writerKafka.client,
    registry: context.registry,
    logger: context.logger.child('writer'),
  });

  const loggedBefore = new Map(context.logged);
  const startedAt = performance.now();
  // The projector creates the conversations topic; the writer subscribes to it.
  await projector.start();
  await writer.start();
  return {
    projectorTrace: projectorKafka.trace,
    writerTrace: writerKafka.trace,
    backendTrace: clickhouse.trace,
    startedAt,
    loggedBefore,
    context,
    projectorCounters: () => ({ ...projector.counters() }),
    writerStats: () => ({ ...writer.stats() }),
    async stop() {
      await Promise.allSettled([writer.stop(), projector.stop()]);
    },
  };
}

/** What the two services did over a phase, from the traces. */
export interface ServiceActivity {
  readonly projector: {
    batches: number;
    eventsPerBatch: number;
    transactions: number;
    avgTransactionMs: number;
    avgCommitMs: number;
    projections: number;
    /** Share of the phase's wall time spent inside the projector's batch handler (transaction included). */
    handlerShare: number;
    counters: Record<string, unknown>;
  };
  readonly writer: { batches: number; messagesPerBatch: number; messages: number; handlerShare: number; stats: Record<string, unknown> };
  /** Per ClickHouse call kind: calls, rows, wall ms from call to answer (JSON encoding on this thread included). */
  readonly clickhouse: Record<string, { calls: number; rows: number; ms: number; avgMs: number }>;
  /** Warnings and errors the services logged during the phase, by message. */
  readonly logged: Record<string, number>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function serviceActivity(pipeline: RunningPipeline, seconds: number): ServiceActivity {
  const p = pipeline.projectorTrace.consumers[0];
  const w = pipeline.writerTrace.consumers[0];
  const txn = pipeline.projectorTrace.transactions;
  const logged: Record<string, number> = {};
  for (const [msg, n] of pipeline.context.logged) {
    const since = n - (pipeline.loggedBefore.get(msg) ?? 0);
    if (since > 0) logged[msg] = since;
  }
  return {
    projector: {
      batches: p?.batches ?? 0,
      eventsPerBatch: Math.round((p?.messages ?? 0) / Math.max(1, p?.batches ?? 0)),
      transactions: txn.count,
      avgTransactionMs: round1(txn.ms / Math.max(1, txn.count)),
      avgCommitMs: round1(txn.commitMs / Math.max(1, txn.count)),
      projections: txn.records,
      handlerShare: Math.round(((p?.handlerMs ?? 0) / 1000 / seconds) * 100) / 100,
      counters: pipeline.projectorCounters(),
    },
    writer: {
      batches: w?.batches ?? 0,
      messages: w?.messages ?? 0,
      messagesPerBatch: Math.round((w?.messages ?? 0) / Math.max(1, w?.batches ?? 0)),
      handlerShare: Math.round(((w?.handlerMs ?? 0) / 1000 / seconds) * 100) / 100,
      stats: pipeline.writerStats(),
    },
    clickhouse: Object.fromEntries([...pipeline.backendTrace.spent].map(([k, v]) => [k, { calls: v.calls, rows: v.rows, ms: Math.round(v.ms), avgMs: round1(v.ms / Math.max(1, v.calls)) }])),
    logged,
  };
}

export function printServiceActivity(a: ServiceActivity, log: (line: string) => void): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  log(
    `  projector: ${a.projector.batches} batches of ~${a.projector.eventsPerBatch} events, ${a.projector.transactions} transactions (avg ${a.projector.avgTransactionMs} ms, of which commit ${a.projector.avgCommitMs} ms), ` +
      `${fmt(a.projector.projections)} projection records; in its handler ${Math.round(a.projector.handlerShare * 100)} % of the time`,
  );
  log(`  writer: ${a.writer.batches} partition batches of ~${a.writer.messagesPerBatch} messages (${fmt(a.writer.messages)} in all); in its handler ${Math.round(a.writer.handlerShare * 100)} % of the time`);
  for (const [what, v] of Object.entries(a.clickhouse)) {
    log(`  clickhouse ${what}: ${fmt(v.calls)} calls, ${fmt(v.rows)} rows, avg ${v.avgMs} ms per call (${fmt(v.rows / Math.max(0.001, v.ms / 1000))} rows/s while waiting)`);
  }
  for (const [msg, n] of Object.entries(a.logged)) log(`  logged ${n}x: ${msg}`);
}
