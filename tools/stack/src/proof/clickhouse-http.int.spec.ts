import { randomUUID } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { createClickHouseClient, describeWithService, serviceEnv, type ClickHouseServerEnv } from '@callfold/testing';
import { type ClickHouseClient } from '@clickhouse/client';

/** A port nothing listens on: bound by us for a moment, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// The transport, not the SQL: natively this is Debian's clickhouse-server 18.16, so every
// statement here is one that 18.16 and current servers (the Docker path) both understand, and
// error assertions match both servers' wording.
describeWithService('clickhouse', '@clickhouse/client over HTTP against a ClickHouse server', () => {
  const settings = serviceEnv().clickhouse as ClickHouseServerEnv;
  const table = `callfold_int_${randomUUID().slice(0, 8)}`;
  let client: ClickHouseClient;

  beforeAll(() => {
    client = createClickHouseClient({ clickhouse: settings, quiet: true });
  });
  afterAll(async () => {
    await client.command({ query: `DROP TABLE IF EXISTS ${table}` });
    await client.close();
  });

  it('when pinged and asked its version, then the server answers', async () => {
    const ping = await client.ping();
    const version = await client.query({ query: 'SELECT version() AS version', format: 'JSONEachRow' }).then((r) => r.json<{ version: string }>());

    expect(ping.success).toBe(true);
    expect(version[0]?.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('given a MergeTree table, when rows are inserted as JSONEachRow, then a select returns them', async () => {
    await client.command({ query: `CREATE TABLE ${table} (day Date, call_id String, talk_ms UInt32) ENGINE = MergeTree() PARTITION BY toYYYYMM(day) ORDER BY call_id` });

    await client.insert({
      table,
      format: 'JSONEachRow',
      values: [
        { day: '2026-01-02', call_id: 'c2', talk_ms: 20 },
        { day: '2026-01-01', call_id: 'c1', talk_ms: 10 },
      ],
    });
    const rows = await client.query({ query: `SELECT call_id, talk_ms FROM ${table} ORDER BY call_id`, format: 'JSONEachRow' }).then((r) => r.json());

    expect(rows).toEqual([
      { call_id: 'c1', talk_ms: 10 },
      { call_id: 'c2', talk_ms: 20 },
    ]);
  });

  it('when a query names a missing column, then the client throws with the server exception (code 47 and the name)', async () => {
    const failing = client.query({ query: 'SELECT missing_column FROM system.one', format: 'JSONEachRow' });

    await expect(failing).rejects.toThrow(/Code: 47\b[\s\S]*missing_column/);
  });

  it('given a failed statement, when the same client sends the next one, then it succeeds (a failure does not poison the connection)', async () => {
    await expect(client.command({ query: 'SELEC 1' })).rejects.toThrow(/Syntax error/i);

    const rows = await client.query({ query: 'SELECT 1 AS ok', format: 'JSONEachRow' }).then((r) => r.json());

    expect(rows).toEqual([{ ok: 1 }]);
  });

  it('given a wrong password, when a query runs, then it fails with the authentication error although /ping answers', async () => {
    const intruder = createClickHouseClient({ clickhouse: { ...settings, password: 'wrong-password' }, quiet: true });

    const ping = await intruder.ping();
    const query = intruder.query({ query: 'SELECT 1', format: 'JSONEachRow' });

    // /ping is unauthenticated, which is why readiness probes here run a real query.
    expect(ping.success).toBe(true);
    // 18.16 says "Wrong password for user", current servers "Authentication failed: password is incorrect".
    await expect(query).rejects.toThrow(/Code: (193|516)\b[\s\S]*password/i);
    await intruder.close();
  });

  it('given the server unreachable, when the client fails with ECONNREFUSED and retries once it is reachable, then the same client succeeds', async () => {
    // given a client whose address refuses connections
    const port = await closedPort();
    const target = new URL(settings.url);
    const client = createClickHouseClient({ clickhouse: { ...settings, url: `http://127.0.0.1:${port}` }, quiet: true });
    const query = () => client.query({ query: 'SELECT 1 AS ok', format: 'JSONEachRow' }).then((r) => r.json());

    // when the first attempt fails, and then a proxy to the server opens on that address
    const firstAttempt = query();
    await expect(firstAttempt).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const proxy = createServer((socket) => socket.pipe(connect(Number(target.port), target.hostname)).pipe(socket));
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    const retried = await query();

    // then the retry goes through: a refused connection leaves nothing stale in the client
    expect(retried).toEqual([{ ok: 1 }]);
    await client.close();
    await new Promise((resolve) => proxy.close(resolve));
  });
});
