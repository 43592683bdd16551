import { join } from 'node:path';
import { applyMigrations, loadMigrations } from '@callfold/clickhouse';
import { standaloneSchema } from '@callfold/contracts';
import { createKafkaClient, type KafkaClient } from '@callfold/kafka';
import { createBenchProjector, createBenchWriter } from './bench-services';
import { type BackendTrace, dialogueVersions, traceBackend, traceClient } from './instrument';
import { type PipelineContext, type PipelineHooks, type PipelineNames, type ProfileResult, type RunningPipeline } from './pipeline-types';
import { PhaseProfiler } from './profile';
import { forkService } from './remote-pipeline';
import { loadWriterConfig } from './services';

export { type PipelineContext, type PipelineHooks, type PipelineMode, type PipelineNames, pipelineNames, type ProfileResult, type RunningPipeline } from './pipeline-types';

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

/** The writer's tables in the pipeline's own database, in the bench's engine (in-process mode; a writer child migrates its own). */
async function migrate(context: PipelineContext, names: PipelineNames): Promise<void> {
  const { DEFAULT_MIGRATIONS_DIR } = await loadWriterConfig();
  await applyMigrations(context.engine, loadMigrations(DEFAULT_MIGRATIONS_DIR), { database: names.database }, () => undefined);
}

/**
 * The real projector and the real writer (bench-services.ts), each with its own Kafka client,
 * either in two child processes (the default, as production runs them) or both in this process
 * (one JavaScript thread and the embedded ClickHouse shared with the bench; `--mode in-process`,
 * for a single profile of everything). The projector starts first: it creates the conversations
 * topic the writer subscribes to.
 */
export function startPipeline(context: PipelineContext, names: PipelineNames, hooks: PipelineHooks = {}): Promise<RunningPipeline> {
  return context.mode === 'processes' ? startProcesses(context, names, hooks) : startInProcess(context, names, hooks);
}

async function startInProcess(context: PipelineContext, names: PipelineNames, hooks: PipelineHooks): Promise<RunningPipeline> {
  await migrate(context, names);
  const projectorKafka = traceClient(createKafkaClient(context.settings, { logger: context.logger.child('projector') }));
  const writerKafka = traceClient(createKafkaClient(context.settings, { logger: context.logger.child('writer') }));
  const clickhouse = traceBackend(context.engine);
  writerKafka.trace.onCommit = hooks.writerCommit;
  writerKafka.trace.onBatchCommitted = hooks.writerBatchCommitted;
  projectorKafka.trace.onBatchCommitted = hooks.projectorBatchCommitted;
  const dialoguesInserted = hooks.dialoguesInserted;
  if (dialoguesInserted) clickhouse.trace.onInserted = (table, inserted, at) => table.endsWith('.dialogues') && dialoguesInserted(dialogueVersions(inserted), at);
  const projector = await createBenchProjector({ settings: context.settings, names, partitions: context.partitions, client: projectorKafka.client, registry: context.registry, logger: context.logger.child('projector') });
  const writer = await createBenchWriter({ names, client: writerKafka.client, backend: clickhouse.backend, registry: context.registry, logger: context.logger.child('writer') });

  const loggedBefore = new Map(context.logged);
  const startedAt = performance.now();
  await projector.start();
  await writer.start();
  let profiler: PhaseProfiler | undefined;
  return {
    projectorTrace: projectorKafka.trace,
    writerTrace: writerKafka.trace,
    backendTrace: clickhouse.trace,
    startedAt,
    loggedBefore,
    context,
    serviceProcesses: [],
    projectorCounters: () => projector.counters(),
    writerStats: () => writer.counters(),
    serviceEventLoopUtilization: () => null,
    refresh: async () => undefined,
    query: <Row>(sql: string) => context.engine.query<Row>(sql),
    async startProfiles() {
      profiler = new PhaseProfiler();
      await profiler.start();
    },
    async stopProfiles(label) {
      if (!profiler) return [];
      const summary = await profiler.stop(join(context.runDir, `${label}.cpuprofile`));
      return [{ label: 'bench process (both services)', summary }];
    },
    async stop() {
      await Promise.allSettled([writer.stop(), projector.stop()]);
    },
    close: async () => undefined,
  };
}

async function startProcesses(context: PipelineContext, names: PipelineNames, hooks: PipelineHooks): Promise<RunningPipeline> {
  const backendTrace: BackendTrace = { spent: new Map() };
  const children = (['projector', 'writer'] as const).map((role) => forkService({ role, context, names, chdbPath: join(context.runDir, `chdb-${names.database}`), hooks, backendTrace }));
  const [projector, writer] = children as [ReturnType<typeof forkService>, ReturnType<typeof forkService>];
  const closeAll = () => Promise.all(children.map((c) => c.close())).then(() => undefined);
  try {
    await Promise.all(children.map((c) => c.ready));
  } catch (error) {
    await closeAll();
    throw error;
  }
  const loggedBefore = new Map(context.logged);
  const startedAt = performance.now();
  try {
    await projector.start();
    await writer.start();
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    projectorTrace: projector.trace,
    writerTrace: writer.trace,
    backendTrace,
    startedAt,
    loggedBefore,
    context,
    serviceProcesses: children.flatMap((c) => (c.process.pid === undefined ? [] : [{ label: c.role, pid: c.process.pid }])),
    projectorCounters: () => projector.snapshot.counters,
    writerStats: () => writer.snapshot.counters,
    serviceEventLoopUtilization: () => ({ projector: projector.snapshot.eventLoopUtilization, writer: writer.snapshot.eventLoopUtilization }),
    async refresh() {
      for (const c of children) c.snapshot = (await c.request<{ snapshot: typeof c.snapshot }>({ type: 'snapshot' })).snapshot;
    },
    query: async <Row>(sql: string) => (await writer.request<{ rows: unknown[] }>({ type: 'query', sql })).rows as Row[],
    async startProfiles() {
      await Promise.all(children.map((c) => c.request({ type: 'profile-start' })));
    },
    async stopProfiles(label) {
      return Promise.all(
        children.map(async (c) => ({ label: `${c.role} process`, summary: (await c.request<{ profile: ProfileResult['summary'] }>({ type: 'profile-stop', file: join(context.runDir, `${label}.${c.role}.cpuprofile`) })).profile })),
      );
    },
    async stop() {
      await Promise.allSettled(children.map((c) => c.request({ type: 'stop' })));
    },
    close: closeAll,
  };
}
