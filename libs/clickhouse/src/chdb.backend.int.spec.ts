import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChdbBackend } from './chdb.backend';
import { type ClickHouseBackend } from './clickhouse.port';
import { applyMigrations, loadMigrations } from './migrations.runner';

// The embedded engine runs in this process: no server to start, and it is the same ClickHouse
// (26.x) the pipeline uses when no server URL is configured.
describe('chdb backend (embedded ClickHouse)', () => {
  let backend: ClickHouseBackend;
  beforeAll(() => {
    backend = createChdbBackend({ path: mkdtempSync(join(tmpdir(), 'cf-chdb-')) });
  });
  afterAll(async () => {
    await backend.close();
  });

  it('given a MergeTree table, when rows are inserted and queried with a bound parameter, then the values come back', async () => {
    await backend.command('CREATE TABLE t_basic (id UInt32, name String) ENGINE = MergeTree ORDER BY id');
    const result = await backend.insert('t_basic', [{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    expect(result.rows).toBe(2);
    const rows = await backend.query<{ id: number; name: string }>('SELECT id, name FROM t_basic WHERE id >= {min:UInt32} ORDER BY id', { params: { min: 2 } });
    expect(rows).toEqual([{ id: 2, name: 'b' }]);
  });

  it('given a deduplication window, when the same batch is inserted twice with one token, then it is stored once', async () => {
    await backend.command('CREATE TABLE t_dedup (id UInt32) ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100');
    await backend.insert('t_dedup', [{ id: 1 }, { id: 2 }], { deduplicationToken: 'events-0-0-1' });
    await backend.insert('t_dedup', [{ id: 1 }, { id: 2 }], { deduplicationToken: 'events-0-0-1' });
    const [row] = await backend.query<{ n: string }>('SELECT count() AS n FROM t_dedup');
    expect(Number(row?.n)).toBe(2);
  });

  it('given rows as arrays with their columns named once, when inserted twice with one token, then they are stored once with every value in its column', async () => {
    await backend.command("CREATE TABLE t_compact (id UInt32, name Nullable(String), tags Array(Tuple(key String, value String)), at DateTime64(3, 'UTC'), note String DEFAULT 'd') ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100");
    const rows = [
      [2, null, [], '2026-11-02 09:00:05.007'],
      [1, 'a', [{ key: 'k', value: 'v' }], '1970-01-01 00:00:00.000'],
    ];
    const options = { columns: ['id', 'name', 'tags', 'at'], deduplicationToken: 'compact-0-0-1' };

    await backend.insert('t_compact', rows, options);
    await backend.insert('t_compact', rows, options);

    expect(await backend.query('SELECT * FROM t_compact ORDER BY id')).toEqual([
      { id: 1, name: 'a', tags: [{ key: 'k', value: 'v' }], at: '1970-01-01 00:00:00.000', note: 'd' },
      { id: 2, name: null, tags: [], at: '2026-11-02 09:00:05.007', note: 'd' },
    ]);
  });

  it('given bad SQL, when run, then it throws with the engine message', async () => {
    await expect(backend.query('SELEC 1')).rejects.toThrow(/chdb: .*Syntax error/i);
  });

  it('given migrations, when applied twice, then the second run applies nothing and the tables are unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-mig-'));
    writeFileSync(join(dir, '0001_things.sql'), '-- a table\nCREATE TABLE {{db}}.things {{on_cluster}} (id UInt32) ENGINE = {{replicated}}MergeTree ORDER BY id;\n');
    writeFileSync(join(dir, '0002_view.sql'), 'CREATE VIEW {{db}}.things_view {{on_cluster}} AS SELECT id FROM {{db}}.things;\n');
    const migrations = loadMigrations(dir);

    const first = await applyMigrations(backend, migrations, { database: 'mig_test' });
    const second = await applyMigrations(backend, migrations, { database: 'mig_test' });

    expect(first.applied.map((m) => m.version)).toEqual([1, 2]);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied.map((m) => m.version)).toEqual([1, 2]);
    const tables = await backend.query<{ name: string }>("SELECT name FROM system.tables WHERE database = 'mig_test' ORDER BY name");
    expect(tables.map((t) => t.name)).toEqual(['callfold_migrations', 'things', 'things_view']);
  });

  it('given an applied migration whose file changed, when applied again, then it refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-mig-'));
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE {{db}}.a (id UInt32) ENGINE = MergeTree ORDER BY id;\n');
    await applyMigrations(backend, loadMigrations(dir), { database: 'mig_changed' });
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE {{db}}.a (id UInt64) ENGINE = MergeTree ORDER BY id;\n');
    await expect(applyMigrations(backend, loadMigrations(dir), { database: 'mig_changed' })).rejects.toThrow(/changed after it was applied/);
  });
});
