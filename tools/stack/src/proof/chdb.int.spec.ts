import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'chdb';

// The embedded engine is an npm package, not a service: it is always there, so these tests never
// skip. It is current ClickHouse (26.x), unlike the Debian server the HTTP tests use.
describe('embedded ClickHouse (chdb) on an on-disk data path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callfold-chdb-int-'));
  let session: Session;

  const rows = async <Row>(sql: string): Promise<Row[]> => (await session.queryAsync(sql, { format: 'JSON' })).json<{ data: Row[] }>().data;

  beforeAll(async () => {
    session = new Session(dir);
    await session.queryAsync('CREATE DATABASE IF NOT EXISTS callfold');
  });
  afterAll(() => {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when asked its version, then it is a current ClickHouse (25 or later)', async () => {
    const [row] = await rows<{ version: string }>('SELECT version() AS version');

    expect(Number(row?.version.split('.')[0])).toBeGreaterThanOrEqual(25);
  });

  it('given a MergeTree table, when rows are inserted, then current SQL (GROUP BY ALL, window functions) reads them', async () => {
    await session.queryAsync(`CREATE TABLE callfold.calls (call_id String, queue LowCardinality(String), talk_ms UInt32)
      ENGINE = MergeTree ORDER BY call_id`);

    const written = await session.insert({
      table: 'callfold.calls',
      values: [
        { call_id: 'c1', queue: 'sales', talk_ms: 100 },
        { call_id: 'c2', queue: 'sales', talk_ms: 300 },
        { call_id: 'c3', queue: 'support', talk_ms: 50 },
      ],
    });

    expect(written.rowsWritten).toBe(3);
    expect(await rows('SELECT queue, toUInt32(sum(talk_ms)) AS talk FROM callfold.calls GROUP BY ALL ORDER BY queue')).toEqual([
      { queue: 'sales', talk: 400 },
      { queue: 'support', talk: 50 },
    ]);
    expect(await rows("SELECT call_id, toUInt32(row_number() OVER (ORDER BY talk_ms DESC)) AS rank FROM callfold.calls WHERE queue = 'sales' ORDER BY rank")).toEqual([
      { call_id: 'c2', rank: 1 },
      { call_id: 'c1', rank: 2 },
    ]);
  });

  it('given a ReplacingMergeTree with a version column, when two versions of a call land in separate parts, then FINAL returns only the newest', async () => {
    await session.queryAsync(`CREATE TABLE callfold.conversations (call_id String, state String, version UInt32)
      ENGINE = ReplacingMergeTree(version) ORDER BY call_id`);
    await session.insert({ table: 'callfold.conversations', values: [{ call_id: 'c1', state: 'ringing', version: 1 }] });
    await session.insert({ table: 'callfold.conversations', values: [{ call_id: 'c1', state: 'ended', version: 2 }] });

    const all = await rows<{ n: number }>('SELECT toUInt32(count()) AS n FROM callfold.conversations');
    const final = await rows('SELECT call_id, state, version FROM callfold.conversations FINAL');

    // Without FINAL both parts are visible until a background merge happens to run.
    expect(all[0]?.n).toBeGreaterThanOrEqual(1);
    expect(final).toEqual([{ call_id: 'c1', state: 'ended', version: 2 }]);
  });

  it('given rows written, when the session is closed and the same path is opened again, then the rows are still there', async () => {
    await session.queryAsync('CREATE TABLE callfold.durable (id UInt32) ENGINE = MergeTree ORDER BY id');
    await session.insert({ table: 'callfold.durable', values: [{ id: 7 }, { id: 8 }] });

    session.close();
    session = new Session(dir);

    expect(await rows('SELECT id FROM callfold.durable ORDER BY id')).toEqual([{ id: 7 }, { id: 8 }]);
  });
});
