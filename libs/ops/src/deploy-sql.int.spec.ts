/**
 * The SQL in deploy/ run by the embedded ClickHouse (chdb, current ClickHouse): the dashboard's
 * SLA queries execute on the migrated schema and return the numbers the sample rows imply; the
 * cluster variant (migrations rendered with ON CLUSTER and Replicated engines, distributed.sql)
 * is parsed by ClickHouse's own parser (`formatQuery`). Executing the cluster DDL needs a real
 * cluster with Keeper, which this machine cannot run: docs say so.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, type ClickHouseBackend, createChdbBackend, loadMigrations, renderMigration, splitStatements } from '@callfold/clickhouse';

const root = join(__dirname, '../../..');
const migrationsDir = join(root, 'deploy/clickhouse/migrations');
const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/dashboards/callfold.json'), 'utf8')) as {
  panels: { title: string; targets?: { rawSql?: string }[] }[];
};
const sqlOf = (title: string): string => dashboard.panels.find((p) => p.title === title)!.targets![0]!.rawSql!;

/** What grafana-clickhouse-datasource does to the macros this dashboard uses. */
function expandMacros(sql: string, vars: { database: string; from: Date; to: Date }): string {
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  return sql
    .replaceAll('${database}', vars.database)
    .replace(/\$__timeFilter\(([^)]+)\)/g, (_, column: string) => `${column} >= toDateTime(${seconds(vars.from)}) AND ${column} <= toDateTime(${seconds(vars.to)})`);
}

const dialogue = (id: string, queue: string, acceptedAt: string, inSla: 0 | 1) => ({
  conversation_id: id,
  order_number: id,
  start_date: '2026-03-02',
  start_timestamp: '2026-03-02 09:00:00.000',
  queue_enter_timestamp: '2026-03-02 09:00:05.000',
  accept_timestamp: acceptedAt,
  end_timestamp: '2026-03-02 09:20:00.000',
  queue_id: queue,
  outcome: 'Accepted',
  in_sla: inSla,
  queued: 1,
  wait_ms: 10_000,
  channel: 'voice',
  detailed_outcome: 'Answered',
  quick_drop_clock: 'queue',
  sla_threshold_ms: 20_000,
  quick_drop_threshold_ms: 5_000,
  version: 1,
});

describe('deploy/ SQL on the embedded ClickHouse', () => {
  let backend: ClickHouseBackend;
  beforeAll(async () => {
    backend = createChdbBackend({ path: mkdtempSync(join(tmpdir(), 'cf-ops-chdb-')) });
    await applyMigrations(backend, loadMigrations(migrationsDir), { database: 'callfold' });
    await backend.insert('callfold.dialogues', [
      dialogue('c1', 'sales', '2026-03-02 09:00:10.000', 1),
      dialogue('c2', 'sales', '2026-03-02 09:01:00.000', 0),
      dialogue('c3', 'support', '2026-03-02 09:02:00.000', 1),
      // An older version of c3 that FINAL must collapse away.
      { ...dialogue('c3', 'support', '2026-03-02 09:02:00.000', 0), version: 0 },
    ]);
  });
  afterAll(async () => {
    await backend.close();
  });

  const range = { database: 'callfold', from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') };

  it('given two sales calls (one in SLA) and one support call in SLA, when the SLA time-series panel query runs, then 50 % and 100 % in the 09:00 interval', async () => {
    const rows = await backend.query<{ time: string; queue: string; sla_pct: number }>(expandMacros(sqlOf('SLA % per queue (15-minute intervals)'), range));

    expect(rows.map((r) => [r.time, r.queue, Number(r.sla_pct)])).toEqual([
      ['2026-03-02 09:00:00', 'sales', 50],
      ['2026-03-02 09:00:00', 'support', 100],
    ]);
  });

  it('given the same rows, when the SLA table panel query runs, then per-queue totals over the range', async () => {
    const rows = await backend.query<Record<string, unknown>>(expandMacros(sqlOf('SLA per queue over the range'), range));

    expect(rows.map((r) => [r['Queue'], Number(r['Offered']), Number(r['Accepted']), Number(r['Accepted in SLA']), Number(r['SLA %'])])).toEqual([
      ['sales', 2, 2, 1, 50],
      ['support', 1, 1, 1, 100],
    ]);
  });

  it('given a range without calls, then the panels get no rows (not an error)', async () => {
    const empty = { ...range, from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-02T00:00:00Z') };

    expect(await backend.query(expandMacros(sqlOf('SLA % per queue (15-minute intervals)'), empty))).toEqual([]);
  });

  const parses = async (statement: string): Promise<string> => {
    const [row] = await backend.query<{ formatted: string }>('SELECT formatQuery({sql:String}) AS formatted', { params: { sql: statement } });
    return row!.formatted;
  };

  it('given every migration rendered for a cluster, then ClickHouse parses each statement, with ON CLUSTER and a Replicated engine on every table', async () => {
    const statements = loadMigrations(migrationsDir).flatMap((m) => splitStatements(renderMigration(m.sql, { database: 'callfold_local', cluster: 'callfold' })));

    expect(statements.length).toBeGreaterThan(5);
    for (const statement of statements) {
      const formatted = await parses(statement);
      expect(formatted).toContain("ON CLUSTER callfold");
      if (/^CREATE TABLE/m.test(formatted)) expect(formatted).toMatch(/ENGINE = Replicated\w*MergeTree/);
    }
  });

  it('given distributed.sql rendered, then ClickHouse parses each statement: Distributed over the local tables, sharded by cityHash64(conversation_id)', async () => {
    const sql = readFileSync(join(root, 'deploy/clickhouse/cluster/distributed.sql'), 'utf8').replaceAll('{{db}}', 'callfold').replaceAll('{{local_db}}', 'callfold_local').replaceAll('{{cluster}}', 'callfold');
    const statements = splitStatements(sql);
    const tables = statements.filter((s) => /^CREATE TABLE/m.test(s.replace(/^--.*\n/gm, '')));

    expect(tables).toHaveLength(4);
    for (const statement of statements) await parses(statement);
    for (const statement of tables) {
      expect(await parses(statement)).toMatch(/AS callfold_local\.(\w+)\nENGINE = Distributed\('callfold', 'callfold_local', '\1', cityHash64\(conversation_id\)\)/);
    }
    const localTables = (await backend.query<{ name: string }>("SELECT name FROM system.tables WHERE database = 'callfold' AND engine LIKE '%MergeTree' AND name != 'callfold_migrations' ORDER BY name")).map((r) => r.name);
    expect(tables.map((s) => /callfold\.(\w+) ON CLUSTER/.exec(s)?.[1]).sort()).toEqual(localTables);
  });
});
