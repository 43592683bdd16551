/**
 * One service of `npm run bench -- --mode processes` in its own process, as in production: the
 * projector or the writer, built by bench-services.ts, observed by instrument.ts, reporting what it
 * observes to the bench over IPC (child-protocol.ts). The writer's child owns the embedded
 * ClickHouse (only one process may open a chdb directory) and answers the bench's queries.
 */
import { applyMigrations, clickHouseConfigFromEnv, type ClickHouseBackend, createClickHouseBackend, loadMigrations } from '@callfold/clickhouse';
import { createConfluentRegistryClient, createConsoleLogger, createKafkaClient, kafkaSettingsFromEnv, type Logger } from '@callfold/kafka';
import { type BenchService, createBenchProjector, createBenchWriter } from './bench-services';
import { type ChildInit, type ChildMessage, epochNow, type ParentMessage } from './child-protocol';
import { dialogueVersions, traceBackend, traceClient } from './instrument';
import { PhaseProfiler } from './profile';
import { loadWriterConfig } from './services';

const send = (message: ChildMessage): void => {
  process.send?.(message);
};
/** performance.now() of this process -> epoch ms, the clock both processes share. */
const epoch = (at: number): number => performance.timeOrigin + at;

let service: BenchService | undefined;
let engine: ClickHouseBackend | undefined;
let profiler: PhaseProfiler | undefined;
let elu0: ReturnType<typeof performance.eventLoopUtilization> | undefined;

async function init(message: ChildInit): Promise<void> {
  const logger: Logger = createConsoleLogger({
    namespace: 'bench',
    level: message.logLevel,
    write: (line, level) => send({ type: 'log', line, level }),
  }).child(message.role);
  const settings = kafkaSettingsFromEnv();
  const registry = createConfluentRegistryClient(settings.registry);
  const traced = traceClient(createKafkaClient(settings, { logger }));
  const trace = traced.trace;
  trace.onCommit = (topic, partition, next, at) => send({ type: 'commit', topic, partition, next, at: epoch(at) });
  trace.onBatch = (messages, handlerMs, at) => send({ type: 'batch', messages, handlerMs, at: epoch(at) });
  trace.onJoined = (at) => send({ type: 'joined', at: epoch(at) });
  trace.onTransaction = (ms, commitMs, records) => send({ type: 'txn', ms, commitMs, records });
  if (message.batchTimestamps) {
    trace.onBatchCommitted = (batch, at) => send({ type: 'batch-committed', topic: batch.topic, timestamps: Float64Array.from(batch.messages, (m) => Number(m.timestamp)), at: epoch(at) });
  }
  if (message.role === 'projector') {
    service = await createBenchProjector({ settings, names: message.names, partitions: message.partitions, client: traced.client, registry, logger });
    return;
  }
  engine = createClickHouseBackend({ ...clickHouseConfigFromEnv(), chdbPath: message.chdbPath });
  const { DEFAULT_MIGRATIONS_DIR } = await loadWriterConfig();
  await applyMigrations(engine, loadMigrations(DEFAULT_MIGRATIONS_DIR), { database: message.names.database }, () => undefined);
  const backend = traceBackend(engine);
  backend.trace.onSpent = (what, ms, rows) => send({ type: 'spent', what, ms, rows });
  if (message.dialogueRows) {
    backend.trace.onInserted = (table, inserted, at) => {
      if (!table.endsWith('.dialogues')) return;
      send({ type: 'dialogues', rows: dialogueVersions(inserted), at: epoch(at) });
    };
  }
  service = await createBenchWriter({ names: message.names, client: traced.client, backend: backend.backend, registry, logger });
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not there (init first)`);
  return value;
}

async function answer(message: Extract<ParentMessage, { id: number }>): Promise<unknown> {
  switch (message.type) {
    case 'query':
      return { rows: await required(engine, 'ClickHouse (writer child only)').query(message.sql) };
    case 'snapshot':
      return { snapshot: { counters: service?.counters() ?? {}, eventLoopUtilization: elu0 ? Math.round(performance.eventLoopUtilization(elu0).utilization * 100) / 100 : 0 } };
    case 'profile-start':
      profiler = new PhaseProfiler();
      await profiler.start();
      return {};
    case 'profile-stop':
      return { profile: await required(profiler, 'a started profile').stop(message.file) };
    case 'stop':
      await service?.stop();
      return {};
    default: {
      const never: never = message;
      throw new Error(`unknown request ${JSON.stringify(never)}`);
    }
  }
}

process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'init':
      init(message).then(
        () => send({ type: 'ready' }),
        (error: unknown) => send({ type: 'fatal', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
      return;
    case 'start':
      elu0 = performance.eventLoopUtilization();
      required(service, 'the service')
        .start()
        .then(
          () => send({ type: 'started', at: epochNow() }),
          (error: unknown) => send({ type: 'fatal', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
        );
      return;
    case 'close':
      void (engine?.close() ?? Promise.resolve()).finally(() => process.exit(0));
      return;
    default:
      answer(message).then(
        (result) => send({ type: 'reply', id: message.id, result }),
        (error: unknown) => send({ type: 'reply', id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
  }
});
// The bench went away: nothing to report to any more.
process.on('disconnect', () => process.exit(0));
