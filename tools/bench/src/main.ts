/**
 * `npm run bench`: how fast callfold is end to end, on this machine, measured (never asserted).
 *
 *   memory      the projector's live state filled with 1M open conversations: heap bytes each
 *   produce     N simulated events into a fresh call-events topic (the backlog)
 *   bare        a bare kafkajs eachBatch consumer reads the backlog, counting only: the ceiling
 *   throughput  the real projector + writer (their own factories, each in its own process by
 *               default, embedded ClickHouse) fold and write the same backlog: produced -> rows visible
 *   latency     a fresh projector + writer at a fixed rate: produce -> dialogue row visible, per event
 *
 * Progress and per-phase figures go to stdout as text; the last line is one JSON object with
 * every headline figure and its context. Service logs go to tmp/bench/<run>/services.log.
 * See docs/benchmarks.md for what each figure means and the results on the project machine.
 */
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { clickHouseConfigFromEnv, createClickHouseBackend } from '@callfold/clickhouse';
import { createConfluentRegistryClient, createConsoleLogger, createKafkaClient, kafkaSettingsFromEnv, type LogLevel, logLevelFromEnv, toKafkaJsConfig } from '@callfold/kafka';
import { type LatencyResult, measureLatency } from './latency.phase';
import { machineInfo, ROOT } from './machine';
import { measureMemory, type MemoryResult } from './memory.phase';
import { BenchOptionsError, parseBenchOptions, USAGE } from './options';
import { type PipelineContext } from './pipeline';
import { measureSinkCost, type SinkCost } from './sink.phase';
import { type BareResult, type BacklogResult, type EndToEndResult, measureBareConsumer, measureEndToEnd, produceInput } from './throughput.phase';

const started = Date.now();
const log = (line: string): void => {
  const at = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[bench ${at}s] ${line}\n`);
};

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const runId = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const runDir = join(ROOT, 'tmp/bench', runId);
  mkdirSync(runDir, { recursive: true });
  const machine = machineInfo();
  log(`run ${runId}: ${JSON.stringify(options)}`);
  log(`machine: ${machine.nproc} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.kafka}, git ${machine.git}; load avg ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // Services log to a file; warnings and errors are counted by message and reported per phase. stdout stays the bench's.
  const serviceLog = createWriteStream(join(runDir, 'services.log'));
  const logged = new Map<string, number>();
  const logLevel = process.env['CALLFOLD_LOG_LEVEL'] ? logLevelFromEnv() : 'warn';
  const writeLog = (line: string, level: LogLevel): void => {
    serviceLog.write(`${line}\n`);
    if (level === 'warn' || level === 'error') {
      const { msg } = JSON.parse(line) as { msg: string };
      logged.set(msg, (logged.get(msg) ?? 0) + 1);
    }
  };
  const logger = createConsoleLogger({ namespace: 'bench', level: logLevel, write: writeLog });

  let memory: MemoryResult | undefined;
  if (options.phases.includes('memory')) memory = await measureMemory(options.open, options.partitions, options.seed, log);

  const settings = kafkaSettingsFromEnv();
  const admin = createKafkaClient(settings, { logger });
  const registry = createConfluentRegistryClient(settings.registry);
  const chdbPath = join(runDir, 'chdb');
  const engine = createClickHouseBackend({ ...clickHouseConfigFromEnv(), chdbPath });
  const engineVersion = (await engine.query<{ v: string }>('SELECT version() AS v'))[0]?.v ?? 'unknown';
  const embeddedIn = options.mode === 'processes' ? "the writer's process" : 'this process';
  const clickhouse = `${engine.kind === 'chdb' ? `chdb (embedded, in ${embeddedIn})` : 'ClickHouse server over HTTP'}, ClickHouse ${engineVersion}`;
  log(`clickhouse: ${clickhouse}; kafka: ${settings.brokers.join(',')}; registry: ${settings.registry.url}`);
  const context: PipelineContext = { settings, registry, engine, logger, partitions: options.partitions, logged, logLevel, writeLog, mode: options.mode, runDir };
  const createdTopics: string[] = [];

  let backlog: BacklogResult | undefined;
  let bare: BareResult | undefined;
  let e2e: EndToEndResult | undefined;
  let latency: LatencyResult | undefined;
  let sink: SinkCost | undefined;
  try {
    if (options.phases.includes('bare') || options.phases.includes('throughput')) {
      backlog = await produceInput(context, admin, runId, options.events, options.seed, log);
      createdTopics.push(...Object.values(backlog.names.topics));
      if (options.phases.includes('bare')) bare = await measureBareConsumer(context, backlog, runId, log);
      if (options.phases.includes('throughput')) {
        e2e = await measureEndToEnd(context, admin, backlog, { profile: options.profile, runDir, timeoutMs: 30 * 60_000 }, log);
      }
    }
    if (options.phases.includes('sink')) sink = await measureSinkCost(engine, `bench_${runId.replace(/\W/g, '_')}_sink`, 20_000, options.seed, log);
    if (options.phases.includes('latency')) {
      createdTopics.push(...['call-events', 'conversations', 'dead-letters'].map((t) => `bench.${runId}.lat.${t}`));
      latency = await measureLatency(context, admin, runId, { rate: options.rate, seconds: options.latencySeconds, warmupSeconds: options.warmupSeconds, seed: options.seed + 7, profile: options.profile, runDir }, log);
    }
  } finally {
    await engine.close();
    if (!options.keep) {
      for (const dir of readdirSync(runDir)) if (dir.startsWith('chdb')) rmSync(join(runDir, dir), { recursive: true, force: true });
      await deleteTopics(settings, createdTopics).catch((error: unknown) => log(`could not delete the bench topics: ${String(error)}`));
    }
    serviceLog.end();
  }

  const ratio = e2e && bare ? Math.round((e2e.eventsPerSecond / bare.perSecond) * 1000) / 1000 : null;
  if (e2e && bare) log(`ratio: end to end ${e2e.eventsPerSecond.toLocaleString('en')}/s / bare consumer ${bare.perSecond.toLocaleString('en')}/s = ${ratio}`);
  const targets = {
    events_per_s: e2e ? e2e.eventsPerSecond >= 50_000 : null,
    ratio: ratio === null ? null : ratio >= 0.6,
    p99_ms: latency ? latency.endToEnd.p99 < 2_000 : null,
    bytes_per_open_conversation: memory ? memory.bytesPerOpenConversation <= 1_024 : null,
  };
  log(`targets met (>= 50k events/s, ratio >= 0.6, p99 < 2 s at ${options.rate}/s, <= 1 KB per open conversation): ${JSON.stringify(targets)}`);
  const summary = {
    events_per_s: e2e?.eventsPerSecond ?? null,
    bare_consumer_per_s: bare?.perSecond ?? null,
    ratio,
    p50_ms: latency?.endToEnd.p50 ?? null,
    p99_ms: latency?.endToEnd.p99 ?? null,
    bytes_per_open_conversation: memory?.bytesPerOpenConversation ?? null,
    events: backlog?.produced.events ?? null,
    partitions: options.partitions,
    latency_rate: options.rate,
    open_conversations: memory?.open ?? null,
    load_avg: {
      memory: memory?.load.load1 ?? null,
      produce: backlog?.load.load1 ?? null,
      bare: bare?.load.load1 ?? null,
      throughput: e2e?.load.load1 ?? null,
      latency: latency?.load.load1 ?? null,
    },
    mode: options.mode,
    cores_used: { bare: bare?.load.cores ?? null, throughput: e2e?.load.cores ?? null, latency: latency?.load.cores ?? null },
    projector_alone_events_per_s: e2e?.projectorEventsPerSecond ?? null,
    cpu_us_per_event: { bare: bare?.cpuMicrosPerEvent ?? null, end_to_end: e2e?.cpuMicrosPerEvent ?? null },
    events_per_s_with_startup: e2e?.eventsPerSecondWithStartup ?? null,
    event_loop_utilization: { throughput: e2e?.servicesEventLoopUtilization ?? e2e?.eventLoopUtilization ?? null, latency: latency?.servicesEventLoopUtilization ?? latency?.eventLoopUtilization ?? null },
    latency_hops_p99_ms: latency ? { projector: latency.projectorHop.p99, writer: latency.writerHop.p99, event_row: latency.eventRow.p99 } : null,
    ...(sink ? { sink_cpu_us_per_row: { build: sink.build, json: sink.serialize, chdb_insert: sink.insert }, sink_partition_inserts_ms: sink.partitionsInsert } : {}),
    rows_ok: e2e ? e2e.rows.callEvents === e2e.rows.expectedCallEvents && e2e.rows.conversations === e2e.rows.expectedConversations : null,
    targets_met: targets,
    node: machine.node,
    machine: { nproc: machine.nproc, memory_gib: machine.memoryGiB, cpu: machine.cpuModel, kafka: machine.kafka, clickhouse, git: machine.git },
    date: machine.date,
    run: runId,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

/** The run's own topics only, by exact name (never a pattern). */
async function deleteTopics(settings: ReturnType<typeof kafkaSettingsFromEnv>, topics: readonly string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = new Kafka({ ...toKafkaJsConfig(settings), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const ours = topics.filter((t) => existing.has(t));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
  } finally {
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof BenchOptionsError && error.message === USAGE) {
      console.log(USAGE);
      process.exit(0);
    }
    if (error instanceof BenchOptionsError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
