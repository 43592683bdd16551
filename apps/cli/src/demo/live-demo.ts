import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { Topics } from '@callfold/contracts';
import { createConfluentRegistryClient, createKafkaClient, type KafkaAdmin, lagOf } from '@callfold/kafka';
import { CliError, messageOf } from '../cli/cli-error';
import { type CliIo } from '../cli/cli-io';
import { clickHouseTargetFromEnv, cliLogger, kafkaSettingsOf, openBackend } from '../cli/runtime';
import { runMigrate } from '../commands/migrate.command';
import { runSchemasRegister } from '../commands/schemas-register.command';
import { formatCount, formatDuration } from '../io/progress';
import { formatTable } from '../io/table.format';
import { DemoService } from './demo.services';
import { ensureDemoStack, stopDemoStack } from './demo.stack';
import { type DemoTables, readDemoTables } from './demo.summary';
import { DemoTail } from './demo.tail';
import { produceSimulation, type ProducedCounts, type ProducedRun, runTagOf } from './simulator.producer';

export interface LiveDemoOptions {
  /** Repository root: the services and the stack scripts run from there. */
  readonly root: string;
  readonly io: CliIo;
  /** How long the simulator produces, in real seconds. */
  readonly seconds: number;
  readonly seed: number;
  /** New conversations per simulated second. */
  readonly rate: number;
  /** Simulated seconds per real second. */
  readonly speed: number;
  /** Stop the stack services this demo started (default: leave them running). */
  readonly stopStack: boolean;
}

export interface LiveDemoResult {
  readonly produced: ProducedCounts;
  readonly deadLettered: { readonly total: number; readonly byReason: Readonly<Record<string, number>> };
  readonly tables: DemoTables;
  readonly conversationIdPrefix: string;
}

export const DEMO_PARTITIONS = 6;
const DRAIN_TIMEOUT_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The projector's and the writer's group ids (their own defaults unless configured). */
function groupsOf(env: NodeJS.ProcessEnv) {
  return { projector: env['CALLFOLD_PROJECTOR_GROUP_ID']?.trim() || 'callfold-projector', writer: env['CALLFOLD_WRITER_GROUP_ID']?.trim() || 'callfold-writer' };
}

async function lagOfGroup(admin: KafkaAdmin, groupId: string, topic: string): Promise<number> {
  const [committed, ends] = await Promise.all([admin.committedOffsets(groupId, topic), admin.endOffsets(topic)]);
  const at = new Map(committed.map((c) => [c.partition, c.offset]));
  return ends.reduce((n, e) => n + Number(lagOf(e.offset, at.get(e.partition) ?? '-1', '0')), 0);
}

/**
 * Creates the topics the way the projector would (call events first, the compacted
 * conversations topic and the dead-letter topic with as many partitions), so the producer and
 * the dead-letter follower can start before the projector. Existing topics are left alone.
 */
async function ensureTopics(admin: KafkaAdmin): Promise<void> {
  // A broker that just started may answer "not the leader" until the new partitions' leaders are
  // known everywhere: retried for a while.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.createTopics([{ topic: Topics.callEvents, partitions: DEMO_PARTITIONS }]);
      const partitions = (await admin.endOffsets(Topics.callEvents)).length;
      await admin.createTopics([
        { topic: Topics.conversations, partitions, config: { 'cleanup.policy': 'compact' } },
        { topic: Topics.deadLetters, partitions },
      ]);
      await admin.endOffsets(Topics.deadLetters);
      return;
    } catch (error) {
      if (attempt >= 15) throw new CliError(`could not create the topics: ${messageOf(error)}`);
      await sleep(1_000);
    }
  }
}

/**
 * Waits until the projector and the writer have committed everything (bounded): lag 0 on every
 * partition, the transactional conversations topic included (libs/kafka commits past a trailing
 * transaction marker).
 */
async function drain(admin: KafkaAdmin, groups: { projector: string; writer: string }, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  // End offsets are last stable offsets: they pass the projector's last transaction only once its
  // commit markers are written, a moment after its commit answered. Three zeros in a row, not one.
  let zeroes = 0;
  while (Date.now() < deadline) {
    const events = (await lagOfGroup(admin, groups.projector, Topics.callEvents)) + (await lagOfGroup(admin, groups.writer, Topics.callEvents));
    const conversations = await lagOfGroup(admin, groups.writer, Topics.conversations);
    zeroes = events === 0 && conversations === 0 ? zeroes + 1 : 0;
    if (zeroes === 3) return true;
    await sleep(zeroes > 0 ? 200 : 500);
  }
  return false;
}

function reasons(byReason: Readonly<Record<string, number>>): string {
  const parts = Object.entries(byReason)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([reason, n]) => `${reason} ${n}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * `callfold demo`: the real pipeline on a simulated contact center. Finds or starts Kafka and the
 * schema registry, migrates ClickHouse, registers the schemas, starts the projector and the writer
 * as processes, produces the simulator's stream for `seconds` with a progress line, stops
 * everything cleanly and prints what ClickHouse holds for this run.
 */
export async function runLiveDemo(options: LiveDemoOptions): Promise<LiveDemoResult> {
  const { io, root } = options;
  const print = io.print;
  const indent = (line: string) => print(line.replace(/^/gm, '  '));
  const runTag = runTagOf(options.seed);
  print(`callfold demo: the whole pipeline on a simulated contact center for ${options.seconds} s`);
  print(`  seed ${options.seed}, ${options.rate} new conversation(s) per simulated second, simulated time ${options.speed}x real time`);

  print('\nServices:');
  const stack = await ensureDemoStack({ root, env: io.env, warn: io.warn });
  for (const line of stack.lines) print(`  ${line}`);
  const env: NodeJS.ProcessEnv = { ...io.env, ...stack.vars };
  const target = clickHouseTargetFromEnv(env, io.cwd);
  print(`  clickhouse       ${target.config.url ? 'configured' : 'embedded (chdb)'}: ${target.description}, database ${target.database}`);

  const logDir = join(io.cwd, '.data', 'demo', runTag);
  mkdirSync(logDir, { recursive: true });
  const settings = kafkaSettingsOf(env);
  const client = createKafkaClient({ ...settings, clientId: `${settings.clientId}-demo` }, { logger: cliLogger(io, 'callfold.cli.demo') });
  const admin = client.admin();
  const services: DemoService[] = [];
  let tail: DemoTail | undefined;
  const producer = client.producer({ idempotent: true });
  let producerConnected = false;
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    print('\nClickHouse migrations:');
    let backend;
    try {
      backend = await openBackend(target);
    } catch (error) {
      throw new CliError(`cannot open ClickHouse (${target.description}): ${messageOf(error)}. Is a writer still running on the same data directory?`);
    }
    try {
      await runMigrate({ backend, migrationsDir: join(root, 'deploy/clickhouse/migrations'), database: target.database, cluster: target.cluster, target: target.description, print: indent });
    } finally {
      await backend.close();
    }

    print('\nSchema registry:');
    const registered = await runSchemasRegister({ registry: createConfluentRegistryClient(settings.registry, { clientId: `${settings.clientId}-demo` }), target: settings.registry.url, print: indent });
    const schemaId = registered.find((r) => r.schema === 'CallEvent')?.id;
    if (schemaId === undefined) throw new CliError('the CallEvent schema was not registered');

    await admin.connect();
    await ensureTopics(admin);
    const deadLetterStart = new Map((await admin.endOffsets(Topics.deadLetters)).map((o) => [o.partition, BigInt(o.offset)]));

    const serviceEnv: NodeJS.ProcessEnv = {
      ...env,
      CALLFOLD_CHDB_PATH: target.config.chdbPath,
      CALLFOLD_CLICKHOUSE_DATABASE: target.database,
      // The demo reads the services' info lines (group joined, ops endpoint): never quieter than info.
      CALLFOLD_LOG_LEVEL: env['CALLFOLD_LOG_LEVEL']?.toLowerCase() === 'debug' ? 'debug' : 'info',
      CALLFOLD_OPS_PORT: '0',
      CALLFOLD_OPS_HOST: '127.0.0.1',
      CALLFOLD_PROJECTOR_INSTANCE_ID: env['CALLFOLD_PROJECTOR_INSTANCE_ID'] || `demo-${hostname()}`,
    };
    print('\nStarting the projector and the writer...');
    const projector = new DemoService('projector', root, serviceEnv, logDir);
    const writer = new DemoService('writer', root, serviceEnv, logDir);
    services.push(projector, writer);
    await Promise.all([projector.waitFor('joined group', 120_000), writer.waitFor('joined group', 120_000)]);
    for (const s of services) print(`  ${s.name.padEnd(10)} in its consumer group; metrics ${String(s.field('ops endpoints listening', 'url') ?? '(no ops endpoint)')}/metrics; log ${relative(io.cwd, s.logFile)}`);

    const conversationIdPrefix = `demo-${runTag}-`;
    tail = new DemoTail(client, { conversations: Topics.conversations, deadLetters: Topics.deadLetters }, conversationIdPrefix, deadLetterStart);
    await tail.start(`callfold-demo.${runTag}.${Date.now()}`);
    await producer.connect();
    producerConnected = true;

    const groups = groupsOf(env);
    const started = Date.now();
    const runMs = options.seconds * 1000;
    let counts: ProducedCounts = { events: 0, redeliveries: 0, poison: 0, poisonByReason: {}, conversations: 0 };
    let writerCommitted = new Map<number, bigint>();
    const progressLine = () => {
      const dl = tail?.deadLettered().total ?? 0;
      const conv = tail?.conversations(writerCommitted) ?? { projected: 0, written: 0 };
      return `demo ${formatDuration(Math.min(Date.now() - started, runMs))} / ${formatDuration(runMs)}  events in ${formatCount(counts.events + counts.poison)}  dead-lettered ${formatCount(dl)}  conversations written ${formatCount(conv.written)} (of ${formatCount(conv.projected)} projected)`;
    };
    let lastLine = 0;
    const refresh = setInterval(() => {
      void admin
        .committedOffsets(groups.writer, Topics.conversations)
        .then((offsets) => (writerCommitted = new Map(offsets.map((o) => [o.partition, BigInt(o.offset)]))))
        .catch(() => undefined);
      if (io.stderr.isTTY) io.stderr.write(`\r${progressLine().slice(0, Math.max(20, (io.stderr.columns || 100) - 1))}\x1b[K`);
      else if (Date.now() - lastLine >= 5_000) {
        io.warn(progressLine());
        lastLine = Date.now();
      }
    }, 1_000);

    const speed = options.speed;
    let run: ProducedRun;
    try {
      run = await produceSimulation({
        producer,
        topic: Topics.callEvents,
        schemaId,
        simulation: {
          seed: options.seed,
          // The simulated period ends about now, so the rows are dated today.
          startAt: Math.floor(Date.now() - runMs * speed),
          durationMs: runMs * speed,
          ratePerSecond: options.rate,
          duplicateShare: 0.02,
          outOfOrderShare: 0.05,
          conversationIdPrefix: 'demo-',
          eventIdPrefix: 'demo-evt-',
        },
        speed,
        runMs,
        poisonEveryMs: 7_000,
        signal: abort.signal,
        onProgress: (c) => (counts = c),
      });
      counts = run;
    } finally {
      clearInterval(refresh);
      if (io.stderr.isTTY) io.stderr.write(`\r${progressLine()}\x1b[K\n`);
      else io.warn(progressLine());
    }

    print(`\nStopping: the simulator stopped${abort.signal.aborted ? ' (interrupted)' : ''}; waiting for the projector and the writer to catch up (at most ${DRAIN_TIMEOUT_MS / 1000} s)...`);
    const drained = await drain(admin, groups, DRAIN_TIMEOUT_MS);
    if (!drained) io.warn('warning: the pipeline did not catch up in time; the numbers below miss what was still in flight.');
    for (let i = 0; i < 20 && (tail.deadLettered().total < run.poison || !drained); i++) await sleep(250);
    await writer.stop();
    await projector.stop();
    print('  projector and writer stopped (SIGTERM: batch finished and committed, group left).');

    const deadLettered = tail.deadLettered();
    const read = await openBackend(target);
    let tables: DemoTables;
    try {
      tables = await readDemoTables(read, target.database, conversationIdPrefix);
    } finally {
      await read.close();
    }

    print(`\nSummary of this run (conversation ids ${conversationIdPrefix}*):`);
    print(`  events in         ${formatCount(run.events + run.poison)}: ${formatCount(run.events)} events (${formatCount(run.redeliveries)} redelivered) of ${formatCount(run.conversations)} conversations, ${formatCount(run.poison)} poison message(s)`);
    print(`  dead-lettered     ${formatCount(deadLettered.total)}${reasons(deadLettered.byReason)}`);
    print(`  call events       ${formatCount(tables.callEvents)} distinct in ClickHouse`);
    print(`  conversations     ${formatCount(tables.conversations)} (${formatCount(tables.ended)} ended, ${formatCount(tables.conversations - tables.ended)} still live when the simulator stopped), ${formatCount(tables.erased)} erased on request`);
    print(`  dialogues         ${formatCount(tables.dialogues)}${reasons(tables.outcomes)}`);
    print('\nPer queue (dialogues FINAL; SLA % = InSLA / accepted queued dialogues, abandon % = Abandoned / queued dialogues):');
    indent(
      formatTable(
        ['queue', 'offered', 'accepted', 'in SLA', 'SLA %', 'abandoned', 'abandon %'],
        tables.queues.map((q) => [q.queue, q.offered, q.accepted, q.inSla, q.slaPct, q.abandoned, q.abandonPct]),
      ),
    );

    const chdb = target.config.url ? '' : io.env['CALLFOLD_CHDB_PATH'] ? ` (with the same CALLFOLD_CHDB_PATH=${io.env['CALLFOLD_CHDB_PATH']})` : '';
    print(`\nThe data: ClickHouse ${target.description}, database ${target.database}; topics ${Topics.callEvents}, ${Topics.conversations}, ${Topics.deadLetters}. Query it from this directory${chdb}:`);
    print(`  npx callfold query "SELECT queue_id, count() AS dialogues, countIf(outcome = 'Abandoned') AS abandoned FROM dialogues FINAL WHERE conversation_id LIKE '${conversationIdPrefix}%' GROUP BY queue_id ORDER BY queue_id"`);
    print(`  npx callfold query "SELECT id, Outcome, InSLA, QuickDrop, queueDurationInSec FROM v_anywhere365_dialogues WHERE id LIKE '${conversationIdPrefix}%' LIMIT 10"`);
    print('  npx callfold dlq inspect');
    print(`Logs of the projector and the writer: ${relative(io.cwd, logDir) || '.'}/. docs/analytics.md has ten more queries.`);
    return { produced: run, deadLettered, tables, conversationIdPrefix };
  } finally {
    process.removeListener('SIGINT', onSigint);
    await tail?.stop();
    if (producerConnected) await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await Promise.all(services.map((s) => s.stop()));
    if (stack.started.length > 0) {
      if (options.stopStack) {
        print(`Stopping the ${stack.started.join(' and ')} this demo started...`);
        await stopDemoStack(root, stack.started, io.warn);
      } else {
        print(`The demo started the local ${stack.started.join(' and ')}; they are still running (npm run stack:status; npm run stack:down stops them).`);
      }
    }
  }
}
