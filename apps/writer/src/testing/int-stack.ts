/** Integration-test support: the real Kafka and registry, the bundled fixtures, a flaky ClickHouse wrapper. */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClickHouseError, type ClickHouseBackend } from '@callfold/clickhouse';
import { type CallEvent, type Conversation, parseCallEventJson } from '@callfold/contracts';
import { evolve, initialState } from '@callfold/domain';
import { createConsoleLogger, createKafkaClient, kafkaSettingsFromEnv, type KafkaClient, logLevelFromEnv, type OutboundRecord } from '@callfold/kafka';
import { caughtUp } from '../batch-plan';

export const FIXTURE_DIR = join(__dirname, '../../../../test/fixtures');

export function intKafka() {
  const settings = kafkaSettingsFromEnv();
  const logger = createConsoleLogger({ namespace: 'writer-it', level: process.env['CALLFOLD_LOG_LEVEL'] ? logLevelFromEnv() : 'warn' });
  return { settings, logger, client: createKafkaClient(settings, { logger }) };
}

/** Fresh names per run: tests never see each other's data, and reruns start clean. */
export function uniqueName(prefix: string): string {
  return `it.writer.${prefix}.${randomUUID().slice(0, 8)}`;
}

export async function createTopics(client: KafkaClient, topics: readonly string[], partitions: number): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics(topics.map((topic) => ({ topic, partitions })));
  } finally {
    await admin.disconnect();
  }
}

export async function produce(client: KafkaClient, topic: string, records: readonly OutboundRecord[]): Promise<void> {
  const producer = client.producer();
  await producer.connect();
  try {
    // Several sends, so the log holds several record batches, as a live producer leaves it.
    for (let start = 0; start < records.length; start += 25) await producer.send(topic, records.slice(start, start + 25));
  } finally {
    await producer.disconnect();
  }
}

/** True once the group's committed offsets reached the end of every partition of every topic. */
export async function groupCaughtUp(client: KafkaClient, groupId: string, topics: readonly string[]): Promise<boolean> {
  const admin = client.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      if (!caughtUp(await admin.committedOffsets(groupId, topic), await admin.endOffsets(topic))) return false;
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface Fixture {
  readonly name: string;
  /** In file (arrival) order, redeliveries included. */
  readonly events: readonly CallEvent[];
  /** The projection after each event, as the projector emits it. */
  readonly projections: readonly Conversation[];
  readonly conversationId: string;
}

/** Every test/fixtures/*.ndjson, each line parsed and validated by the contract, then folded event by event. */
export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.ndjson'))
    .sort()
    .map((file) => {
      const lines = readFileSync(join(FIXTURE_DIR, file), 'utf8').split('\n').filter((line) => line.trim() !== '');
      const events = lines.map((line, i) => {
        const parsed = parseCallEventJson(line);
        if (!parsed.ok) throw new Error(`${file}:${i + 1} is not a valid event: ${JSON.stringify(parsed.errors)}`);
        return parsed.event;
      });
      let state = initialState();
      const projections = events.map((event) => {
        state = evolve(state, event);
        if (state.status === 'empty') throw new Error(`${file}: nothing folded`);
        return state.conversation;
      });
      return { name: file.replace(/\.ndjson$/, ''), events, projections, conversationId: events[0]?.conversationId ?? '' };
    });
}

/**
 * The real backend with an outage: the first data insert lands and then fails as if the answer
 * was lost (the outcome a client cannot know), then every call fails for `downForMs`, then all
 * works again. Migrations pass untouched; close() is left to the test, which owns the engine.
 */
export function outageBackend(real: ClickHouseBackend, downForMs: number) {
  let downUntil: number | undefined;
  let failures = 0;
  const ackLost: { table: string; token: string | undefined; rows: number }[] = [];
  const fail = (what: string): never => {
    failures += 1;
    throw new ClickHouseError(`chdb: ${what}: Connection refused (simulated outage)`, 'chdb', '210');
  };
  const down = () => downUntil !== undefined && Date.now() < downUntil;
  const backend: ClickHouseBackend = {
    kind: real.kind,
    description: `outage(${real.description})`,
    async command(sql, options) {
      if (down()) fail('command');
      return real.command(sql, options);
    },
    async query<Row>(sql: string, options?: Parameters<ClickHouseBackend['query']>[1]): Promise<Row[]> {
      if (down()) fail('query');
      return real.query<Row>(sql, options);
    },
    async insert(table, rows, options) {
      if (downUntil === undefined && !table.endsWith('.callfold_migrations') && rows.length > 0) {
        downUntil = Date.now() + downForMs;
        await real.insert(table, rows, options);
        ackLost.push({ table, token: options?.deduplicationToken, rows: rows.length });
        failures += 1;
        throw new ClickHouseError('chdb: connection reset after the insert was sent (simulated lost acknowledgement)', 'chdb', '210');
      }
      if (down()) fail('insert');
      return real.insert(table, rows, options);
    },
    ping: () => real.ping(),
    close: async () => undefined,
  };
  return { backend, failures: () => failures, ackLost, started: () => downUntil !== undefined };
}

/** The engine itself stays open for the whole file (chdb binds one data directory per process). */
export function unclosable(real: ClickHouseBackend): ClickHouseBackend & { closes: () => number } {
  let closes = 0;
  return {
    kind: real.kind,
    description: real.description,
    command: (sql, options) => real.command(sql, options),
    query: (sql, options) => real.query(sql, options),
    insert: (table, rows, options) => real.insert(table, rows, options),
    ping: () => real.ping(),
    close: async () => void (closes += 1),
    closes: () => closes,
  };
}
