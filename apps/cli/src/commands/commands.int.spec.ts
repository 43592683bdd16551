import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallEvent, parseCallEventJson, standaloneSchema, Subjects } from '@callfold/contracts';
import { createConfluentRegistryClient, createDeadLetterPublisher, createKafkaClient, createSchemaRegistry, kafkaSettingsFromEnv, type KafkaClient } from '@callfold/kafka';
import { describeWithService } from '@callfold/testing';
import { jsonRows, runCli } from '../testing/cli-harness';

// Every command through `main`, as `npx callfold` runs it, on the real Kafka and schema registry
// and the embedded ClickHouse in a temp dir. Topics and the database are fresh per run, so reruns
// and other suites never see each other's data. The steps build on each other, in order.
const FIXTURES = join(__dirname, '../../../../test/fixtures');
const QUICK_DROP_MS_2S = JSON.stringify({ defaults: { slaThresholdMs: 20_000, quickDropThresholdMs: 2_000, quickDropClock: 'queue' } });

function fixtureEvents(name: string): CallEvent[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const parsed = parseCallEventJson(l);
      if (!parsed.ok) throw new Error(`fixture ${name} is invalid`);
      return parsed.event;
    });
}

const conversationOf = (name: string) => fixtureEvents(name)[0]!.conversationId;

async function createTopics(client: KafkaClient, topics: readonly { topic: string; partitions: number }[]): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics(topics);
  } finally {
    await admin.disconnect();
  }
}

async function endOffsets(client: KafkaClient, topic: string): Promise<string[]> {
  const admin = client.admin();
  await admin.connect();
  try {
    return (await admin.endOffsets(topic)).map((p) => p.offset);
  } finally {
    await admin.disconnect();
  }
}

describeWithService('kafka', 'callfold commands (real Kafka)', () => {
  describeWithService('schema-registry', 'with the schema registry and embedded ClickHouse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-cli-int-'));
    const run = randomUUID().slice(0, 8);
    const eventsTopic = `it.cli.events.${run}`;
    const deadLetterTopic = `it.cli.dead-letters.${run}`;
    const env: NodeJS.ProcessEnv = { ...process.env, CALLFOLD_CHDB_PATH: join(dir, 'chdb'), CALLFOLD_CLICKHOUSE_DATABASE: `cli_it_${run}`, CALLFOLD_LOG_LEVEL: 'error' };
    delete env['CALLFOLD_CLICKHOUSE_URL'];
    delete env['CALLFOLD_THRESHOLDS'];
    delete env['CALLFOLD_THRESHOLDS_FILE'];
    const settings = kafkaSettingsFromEnv(env);
    const client = createKafkaClient(settings);
    const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.ndjson')).sort();
    const fixtureLines = fixtureFiles.flatMap((f) => readFileSync(join(FIXTURES, f), 'utf8').split('\n').filter((l) => l.trim() !== ''));
    const quickDrop = conversationOf('inbound-abandoned-quick.ndjson');
    const answeredInSla = conversationOf('inbound-answered-in-sla.ndjson');
    const erased = conversationOf('erasure.ndjson');
    const query = async (sql: string) => jsonRows(await runCli(['query', sql, '--format', 'json'], env));

    beforeAll(async () => {
      await createTopics(client, [
        { topic: eventsTopic, partitions: 3 },
        { topic: deadLetterTopic, partitions: 1 },
      ]);
    });

    it('given a fresh ClickHouse, when migrate runs twice, then the first run applies every migration and the second nothing', async () => {
      const first = await runCli(['migrate'], env);
      const second = await runCli(['migrate'], env);

      expect(first.code).toBe(0);
      expect(first.out.filter((l) => l.trim().startsWith('applied '))).toHaveLength(readdirSync(join(FIXTURES, '../../deploy/clickhouse/migrations')).filter((f) => f.endsWith('.sql')).length);
      expect(second.code).toBe(0);
      expect(second.out.some((l) => l.trim().startsWith('applied '))).toBe(false);
      expect(second.stdout).toMatch(/Nothing to apply: all \d+ migration\(s\) were already applied\./);
    });

    it('given the contract, when schemas register runs twice, then each subject keeps its id', async () => {
      const ids = (out: readonly string[]): Record<string, number> =>
        Object.fromEntries(out.filter((l) => /^callfold\.\S+-value\s/.test(l)).map((l) => l.split(/\s+/)).map(([subject, , id]) => [subject, Number(id)]));

      const first = await runCli(['schemas', 'register'], env);
      const second = await runCli(['schemas', 'register'], env);

      expect(first.code).toBe(0);
      expect(Object.keys(ids(first.out)).sort()).toEqual([Subjects.callEvent, Subjects.conversation, Subjects.deadLetter].sort());
      expect(Object.values(ids(first.out)).every((id) => Number.isInteger(id) && id > 0)).toBe(true);
      expect(ids(second.out)).toEqual(ids(first.out));
    });

    it('given the sample conversations, when replayed, then every line is produced keyed by conversation', async () => {
      const input = join(dir, 'fixtures.ndjson');
      writeFileSync(input, `${fixtureLines.join('\n')}\n`);

      const replay = await runCli(['replay', '--input', input, '--topic', eventsTopic, '--batch-size', '50'], env);

      expect(replay.code).toBe(0);
      expect(replay.stdout).toContain(`${fixtureLines.length} event(s) produced`);
      expect(replay.stdout).toContain('0 line(s) rejected');
      const ends = await endOffsets(client, eventsTopic);
      expect(ends.reduce((n, o) => n + Number(o), 0)).toBe(fixtureLines.length);
    });

    it('given a file with bad lines, when replayed with --strict, then it fails naming the lines and produces nothing', async () => {
      const input = join(dir, 'bad.ndjson');
      writeFileSync(input, [fixtureLines[0], '{"eventId": 1}', 'not json', '', ''].join('\n'));
      const before = await endOffsets(client, eventsTopic);

      const strict = await runCli(['replay', '--input', input, '--topic', eventsTopic, '--strict'], env);

      expect(strict.code).toBe(1);
      expect(strict.stderr).toContain(`rejected ${input}:2: `);
      expect(strict.stderr).toContain(`rejected ${input}:3: `);
      expect(strict.stderr).toContain('2 of 4 line(s) rejected; nothing produced (--strict)');
      expect(await endOffsets(client, eventsTopic)).toEqual(before);
    });

    it('given the same file without --strict, when replayed, then the good line is produced and both rejections are reported and counted', async () => {
      const input = join(dir, 'bad.ndjson');

      const replay = await runCli(['replay', '--input', input, '--topic', eventsTopic], env);

      expect(replay.code).toBe(0);
      expect(replay.stderr).toMatch(new RegExp(`rejected ${input}:2: .*eventId`));
      expect(replay.stderr).toContain(`rejected ${input}:3: `);
      expect(replay.stdout).toContain('1 event(s) produced');
      expect(replay.stdout).toContain('2 line(s) rejected, 1 blank');
    });

    it('given the replayed topic and one garbage message, when rebuilt, then ClickHouse holds the exact dialogue rows and the garbage is counted, not written', async () => {
      const producer = client.producer();
      await producer.connect();
      await producer.send(eventsTopic, [{ key: 'garbage', value: Buffer.from('not avro at all') }]);
      await producer.disconnect();

      const rebuild = await runCli(['rebuild', '--topic', eventsTopic], env);

      expect(rebuild.code).toBe(0);
      expect(rebuild.stdout).toMatch(new RegExp(`messages read\\s+${fixtureLines.length + 2}\\b`));
      expect(rebuild.stdout).toMatch(/bad messages\s+1 \(UNDECODABLE 1\), not written/);
      expect(rebuild.stdout).toMatch(/conversations\s+19 \(18 live, 1 erased\)/);
      expect(rebuild.stdout).toMatch(/verified\s+18 dialogue row\(s\) served as derived/);
      expect(await query(`SELECT conversation_id, outcome, in_sla, quick_drop, queue_duration_ms, sla_threshold_ms, quick_drop_threshold_ms FROM dialogues FINAL WHERE conversation_id IN ('${quickDrop}', '${answeredInSla}') ORDER BY outcome`)).toEqual([
        { conversation_id: quickDrop, outcome: 'Abandoned', in_sla: null, quick_drop: 1, queue_duration_ms: '3200', sla_threshold_ms: 20000, quick_drop_threshold_ms: 5000 },
        { conversation_id: answeredInSla, outcome: 'Accepted', in_sla: 1, quick_drop: null, queue_duration_ms: '14000', sla_threshold_ms: 20000, quick_drop_threshold_ms: 5000 },
      ]);
      expect(await query('SELECT count() AS n, uniqExact(conversation_id) AS ids FROM dialogues FINAL')).toEqual([{ n: '18', ids: '18' }]);
      expect(await query(`SELECT count() AS n FROM call_events FINAL WHERE conversation_id = '${quickDrop}'`)).toEqual([{ n: '3' }]);
      expect(await query(`SELECT conversation_id FROM erasures FINAL`)).toEqual([{ conversation_id: erased }]);
      expect(await query(`SELECT count() AS n FROM dialogues WHERE conversation_id = '${erased}'`)).toEqual([{ n: '0' }]);
    });

    it('given a QuickDrop threshold of 2 s, when rebuilt again, then the 3.2 s abandon is no longer a QuickDrop and there is still one row per conversation', async () => {
      const rebuild = await runCli(['rebuild', '--topic', eventsTopic], { ...env, CALLFOLD_THRESHOLDS: QUICK_DROP_MS_2S });

      expect(rebuild.code).toBe(0);
      expect(await query(`SELECT outcome, quick_drop, quick_drop_threshold_ms FROM dialogues FINAL WHERE conversation_id = '${quickDrop}'`)).toEqual([{ outcome: 'Abandoned', quick_drop: 0, quick_drop_threshold_ms: 2000 }]);
      expect(await query('SELECT count() AS n, uniqExact(conversation_id) AS ids FROM dialogues FINAL')).toEqual([{ n: '18', ids: '18' }]);
    });

    it('given the thresholds changed back, when rebuilt a third time with the first run\'s tokens, then the dropped insert is detected and rewritten', async () => {
      const rebuild = await runCli(['rebuild', '--topic', eventsTopic], env);

      expect(rebuild.code).toBe(0);
      expect(rebuild.stdout).toMatch(/18 rewritten after a dropped insert/);
      expect(await query(`SELECT quick_drop, quick_drop_threshold_ms FROM dialogues FINAL WHERE conversation_id = '${quickDrop}'`)).toEqual([{ quick_drop: 1, quick_drop_threshold_ms: 5000 }]);
    });

    it('given the same events as a file, when rebuilt --from-file into another database, then its dialogue rows equal those rebuilt from the topic', async () => {
      const other = { ...env, CALLFOLD_CLICKHOUSE_DATABASE: `cli_it_file_${run}` };
      const input = join(dir, 'fixtures.ndjson');
      const columns = 'conversation_id, outcome, in_sla, quick_drop, queue_duration_ms, session_duration_ms, sla_threshold_ms, quick_drop_threshold_ms, version';

      expect((await runCli(['migrate'], other)).code).toBe(0);
      const rebuild = await runCli(['rebuild', '--from-file', input], other);

      expect(rebuild.code).toBe(0);
      expect(rebuild.stdout).toMatch(/bad messages\s+0\n/);
      const fromFile = jsonRows(await runCli(['query', `SELECT ${columns} FROM dialogues FINAL ORDER BY conversation_id`, '--format', 'json'], other));
      expect(fromFile).toHaveLength(18);
      expect(fromFile).toEqual(await query(`SELECT ${columns} FROM dialogues FINAL ORDER BY conversation_id`));
    });

    it('given a dead letter published by the pipeline\'s publisher and one stray record, when inspected, then the table and the per-reason summary show them', async () => {
      const registry = createSchemaRegistry({ client: createConfluentRegistryClient(settings.registry), buildReader: (s: string) => s });
      await registry.register(Subjects.deadLetter, standaloneSchema('DeadLetter'));
      const producer = client.producer();
      await producer.connect();
      const original = Buffer.from([0x00, 0x00, 0x01, 0x86, 0xa0, 0xde, 0xad, 0xbe, 0xef]);
      const publisher = createDeadLetterPublisher({ producer, registry, service: 'it-cli', topic: deadLetterTopic, now: () => Date.UTC(2026, 2, 3, 8, 0, 0) });
      await publisher.publish([
        {
          message: { topic: eventsTopic, partition: 2, offset: '41', key: Buffer.from('conv-dlq'), value: original, headers: {}, timestamp: '1772524800000' },
          cause: { reason: 'UNKNOWN_SCHEMA', detail: 'schema id 100000 is not in the registry', schemaId: 100_000, conversationId: 'conv-dlq' },
        },
      ]);
      await producer.send(deadLetterTopic, [{ key: null, value: Buffer.from('stray') }]);
      await producer.disconnect();

      const inspect = await runCli(['dlq', 'inspect', '--topic', deadLetterTopic], env);
      const filtered = await runCli(['dlq', 'inspect', '--topic', deadLetterTopic, '--reason', 'INVALID_EVENT'], env);

      expect(inspect.code).toBe(0);
      const row = inspect.out.find((l) => l.includes('conv-dlq'));
      expect(row).toContain('2026-03-03 08:00:00.000');
      expect(row).toContain('UNKNOWN_SCHEMA');
      expect(row).toContain(`${eventsTopic}/2/41`);
      expect(row).toContain('schema id 100000 is not in the registry');
      expect(row).toContain('9 B');
      expect(row).toContain('00 00 01 86 a0 de ad be ef');
      expect(inspect.stdout).toMatch(/unreadable record at .*\/0\/1: /);
      expect(inspect.out.find((l) => l.startsWith('UNKNOWN_SCHEMA '))).toMatch(/^UNKNOWN_SCHEMA\s+1$/);
      expect(inspect.out.find((l) => l.startsWith('(not a DeadLetter)'))).toMatch(/\s1$/);
      expect(inspect.out.find((l) => l.startsWith('total'))).toMatch(/^total\s+2$/);
      expect(filtered.code).toBe(0);
      expect(filtered.stdout).toContain('showing the 0 most recent of reason INVALID_EVENT of 0');
      expect(filtered.stdout).not.toContain('conv-dlq');
    });

    it('given the rebuilt tables, when queried as a table, then values and the row count are printed', async () => {
      const table = await runCli(['query', 'SELECT outcome, count() AS n FROM dialogues FINAL GROUP BY outcome ORDER BY outcome'], env);

      expect(table.code).toBe(0);
      expect(table.out[0]).toMatch(/^outcome\s+n$/);
      expect(table.out).toEqual(expect.arrayContaining([expect.stringMatching(/^Abandoned\s+2$/), expect.stringMatching(/^Accepted\s+10$/), expect.stringMatching(/^IvrDrop\s+6$/)]));
      expect(table.out.at(-1)).toBe('(3 rows)');
    });

    it('given bad SQL, when queried, then ClickHouse\'s message is shown and the exit code is 1', async () => {
      const bad = await runCli(['query', 'SELEC 1'], env);

      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/callfold query: failed: .*Syntax error/);
    });
  });
});
