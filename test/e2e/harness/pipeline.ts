import { rmSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { standaloneSchema } from '@callfold/contracts';
import { createConfluentRegistryClient, createConsoleLogger, createKafkaClient, type KafkaClient, kafkaSettingsFromEnv, lagOf } from '@callfold/kafka';
import { kafkaClientConfig, serviceEnv } from '@callfold/testing';
import { AppProcess } from './app-process';
import { type E2eNames } from './e2e-names';
import { PROJECTOR_NAME_VARS } from './projector.names';

/** Variables of the test process the apps must not inherit: the jest setup may point them at the 18.16 server. */
const NOT_INHERITED = ['CALLFOLD_CLICKHOUSE_URL', 'CALLFOLD_CLICKHOUSE_USER', 'CALLFOLD_CLICKHOUSE_PASSWORD', 'CALLFOLD_CLICKHOUSE_DATABASE', 'CALLFOLD_CHDB_PATH', 'CALLFOLD_THRESHOLDS', 'CALLFOLD_THRESHOLDS_FILE'];

/**
 * The projectors' transaction timeout in these tests: a SIGKILLed projector that is not restarted
 * leaves its open transaction to the broker, which aborts it once this timeout passed, checked
 * every transaction.abort.timed.out.transaction.cleanup.interval.ms (10 s by default):
 * https://kafka.apache.org/documentation/#brokerconfigs_transaction.abort.timed.out.transaction.cleanup.interval.ms
 * Until then the transaction holds the last stable offset of every partition it wrote to, so
 * read_committed readers (the writer, lag) see nothing past it, not even the survivor's output.
 */
export const E2E_TRANSACTION_TIMEOUT_MS = 10_000;
/** When a killed projector's open transaction is aborted at the latest, counted from the kill. */
export const ORPHAN_TRANSACTION_ABORTED_WITHIN_MS = E2E_TRANSACTION_TIMEOUT_MS + 10_000 + 2_000;

export const PARTITIONS = 4;

/** The line each service logs once it left its group and closed everything (see apps/writer and apps/projector). */
export const STOPPED = {
  writer: { msg: 'stopped', ns: 'writer' },
  projector: { msg: 'projector stopped', ns: 'projector' },
} as const;

export interface PipelineOptions {
  /** Extra variables for every writer started (thresholds, fault file...). */
  readonly writerEnv?: NodeJS.ProcessEnv;
  /** Extra variables for every projector started. */
  readonly projectorEnv?: NodeJS.ProcessEnv;
  /** Modules preloaded into the writer (`node -r`). */
  readonly writerPreload?: readonly string[];
}

export interface Offsets {
  readonly partition: number;
  readonly offset: string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One test's pipeline on the real stack: its topics (created here, as a deployment would, with
 * the conversations topic compacted and co-partitioned), its schema subject, and the projector
 * and writer child processes, started and stopped on demand.
 */
export class Pipeline {
  readonly client: KafkaClient;
  readonly registry = createConfluentRegistryClient(kafkaSettingsFromEnv().registry);
  readonly apps: AppProcess[] = [];
  private instances = 0;

  constructor(
    readonly names: E2eNames,
    private readonly options: PipelineOptions = {},
  ) {
    const logger = createConsoleLogger({ namespace: `e2e.${names.test}`, level: 'error' });
    this.client = createKafkaClient(kafkaSettingsFromEnv(), { logger });
  }

  private baseEnv(): NodeJS.ProcessEnv {
    // Ops HTTP (metrics, health) on any free loopback port: several apps run side by side.
    const env: NodeJS.ProcessEnv = { ...process.env, CALLFOLD_LOG_LEVEL: process.env['CALLFOLD_E2E_APP_LOG_LEVEL'] || 'info', CALLFOLD_OPS_PORT: '0', CALLFOLD_OPS_HOST: '127.0.0.1' };
    for (const name of NOT_INHERITED) delete env[name];
    return env;
  }

  projectorEnv(instance: string): NodeJS.ProcessEnv {
    const { names } = this;
    return {
      ...this.baseEnv(),
      CALLFOLD_PROJECTOR_INSTANCE_ID: `${names.instancePrefix}-${instance}`,
      [PROJECTOR_NAME_VARS.groupId]: names.projectorGroup,
      [PROJECTOR_NAME_VARS.callEvents]: names.callEvents,
      [PROJECTOR_NAME_VARS.conversations]: names.conversations,
      [PROJECTOR_NAME_VARS.deadLetters]: names.deadLetters,
      CALLFOLD_PROJECTOR_DEFAULT_PARTITIONS: String(PARTITIONS),
      CALLFOLD_PROJECTOR_TRANSACTION_TIMEOUT_MS: String(E2E_TRANSACTION_TIMEOUT_MS),
      ...this.options.projectorEnv,
    };
  }

  writerEnv(): NodeJS.ProcessEnv {
    const { names } = this;
    return {
      ...this.baseEnv(),
      CALLFOLD_WRITER_GROUP_ID: names.writerGroup,
      CALLFOLD_WRITER_CALL_EVENTS_TOPIC: names.callEvents,
      CALLFOLD_WRITER_CONVERSATIONS_TOPIC: names.conversations,
      CALLFOLD_CHDB_PATH: names.chdbPath,
      CALLFOLD_CLICKHOUSE_DATABASE: names.database,
      CALLFOLD_MIGRATE_ON_START: 'true',
      CALLFOLD_WRITER_MAX_WAIT_MS: '250',
      ...this.options.writerEnv,
    };
  }

  /** Creates the three topics and registers the CallEvent schema; returns its id. */
  async prepare(): Promise<number> {
    const { names } = this;
    const admin = this.client.admin();
    await admin.connect();
    try {
      await admin.createTopics([
        { topic: names.callEvents, partitions: PARTITIONS },
        { topic: names.conversations, partitions: PARTITIONS, config: { 'cleanup.policy': 'compact' } },
        { topic: names.deadLetters, partitions: PARTITIONS },
      ]);
    } finally {
      await admin.disconnect();
    }
    return this.registry.register(`${names.callEvents}-value`, standaloneSchema('CallEvent'));
  }

  /** Starts a projector instance (a stable instance id per label: a restart fences its predecessor). */
  startProjector(instance = 'a'): AppProcess {
    this.instances += 1;
    const app = new AppProcess({ name: `projector-${instance}-${this.instances}`, script: 'test/e2e/harness/projector.entry.ts', env: this.projectorEnv(instance), logDir: this.names.dir });
    this.apps.push(app);
    return app;
  }

  startWriter(): AppProcess {
    this.instances += 1;
    const app = new AppProcess({ name: `writer-${this.instances}`, script: 'apps/writer/src/main.ts', env: this.writerEnv(), logDir: this.names.dir, preload: this.options.writerPreload });
    this.apps.push(app);
    return app;
  }

  async committed(groupId: string, topic: string): Promise<Offsets[]> {
    const admin = this.client.admin();
    await admin.connect();
    try {
      return await admin.committedOffsets(groupId, topic);
    } finally {
      await admin.disconnect();
    }
  }

  async ends(topic: string): Promise<Offsets[]> {
    const admin = this.client.admin();
    await admin.connect();
    try {
      // Offsets only (not the log start the admin also reports), to compare with commits.
      return (await admin.endOffsets(topic)).map(({ partition, offset }) => ({ partition, offset }));
    } finally {
      await admin.disconnect();
    }
  }

  /** Messages between the group's committed offsets and the log end, summed over partitions. */
  async lag(groupId: string, topic: string): Promise<number> {
    const [committed, ends] = await Promise.all([this.committed(groupId, topic), this.ends(topic)]);
    const byPartition = new Map(committed.map((c) => [c.partition, c.offset]));
    return ends.reduce((sum, end) => sum + Number(lagOf(end.offset, byPartition.get(end.partition) ?? '-1', '0')), 0);
  }

  /**
   * Waits until the projector has committed every call event and the writer every call event
   * and every projection: committed = log end on each partition, also on the transactional
   * conversations topic, whose partitions end with a commit or abort marker (libs/kafka commits
   * past a trailing marker; see libs/kafka/src/control-records.ts). The projector goes first:
   * the conversations topic grows only while it works. A transaction a SIGKILLed projector left
   * open holds its partition's end until the restarted instance fences and aborts it. Fails
   * early if an app crashed.
   */
  async waitCaughtUp(timeoutMs: number): Promise<void> {
    const { names } = this;
    const deadline = Date.now() + timeoutMs;
    const check = (what: string, last: unknown) => {
      const crashed = this.apps.filter((a) => a.crashed);
      if (Date.now() <= deadline && crashed.length === 0) return;
      const apps = this.apps.map((a) => `--- ${a.name} (${a.describe()}, log ${a.logFile}):\n${a.recentOutput()}`);
      console.error(`[e2e] ${what} when giving up: ${JSON.stringify(last)}`);
      throw new Error(
        `pipeline did not catch up ${crashed.length > 0 ? `(${crashed.map((a) => a.name).join(', ')} crashed)` : `within ${timeoutMs} ms`}; ${what} ${JSON.stringify(last)}\n${apps.join('\n')}`,
      );
    };
    const eventLags = async () => ({ projector: await this.lag(names.projectorGroup, names.callEvents), writer: await this.lag(names.writerGroup, names.callEvents) });
    for (let lags = await eventLags(); lags.projector + lags.writer > 0; lags = await eventLags()) {
      check('call-event lags', lags);
      await sleep(500);
    }
    // Lag is measured to the last stable offset, which passes the projector's last transaction
    // only once its commit markers are written, a moment after the commit answered: a single
    // zero right after the projector caught up can come before that. Three in a row cannot.
    const conversationLag = () => this.lag(names.writerGroup, names.conversations);
    for (let zeroes = 0; zeroes < 3; ) {
      const lag = await conversationLag();
      zeroes = lag === 0 ? zeroes + 1 : 0;
      if (lag > 0) check('writer lag on conversations', lag);
      await sleep(300);
    }
  }

  /**
   * SIGKILLs whatever is still running (after a failure). After a passing test it also deletes
   * the test's topics and its directory (chdb data and logs); after a failure both are kept, and
   * the logs are named in the failure message.
   */
  async close(options: { passed: boolean }): Promise<void> {
    await Promise.all(this.apps.map((a) => a.kill()));
    if (!options.passed) return;
    rmSync(this.names.dir, { recursive: true, force: true });
    const kafka = new Kafka(kafkaClientConfig({ kafka: serviceEnv().kafka, clientSuffix: 'e2e-cleanup', logLevel: logLevel.NOTHING }));
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.deleteTopics({ topics: [this.names.callEvents, this.names.conversations, this.names.deadLetters] });
    } catch {
      // Best effort: a leftover topic only costs disk on a development broker.
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
