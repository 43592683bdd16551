import { createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { ClickHouseError, type ClickHouseBackend, type InsertOptions, type StatementOptions } from './clickhouse.port';

export interface HttpBackendOptions {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly database?: string;
  readonly requestTimeoutMs?: number;
  /** Extra TLS material for https URLs. */
  readonly tls?: { readonly caCert: Buffer; readonly cert?: Buffer; readonly key?: Buffer };
}

/** A ClickHouse server (or cluster entry point) over HTTP, through the official client. */
export function createHttpBackend(options: HttpBackendOptions): ClickHouseBackend {
  const client: ClickHouseClient = createClient({
    url: options.url,
    username: options.username ?? 'default',
    password: options.password ?? '',
    database: options.database ?? 'default',
    request_timeout: options.requestTimeoutMs ?? 30_000,
    ...(options.tls ? { tls: { ca_cert: options.tls.caCert, cert: options.tls.cert, key: options.tls.key } as never } : {}),
  });
  const target = new URL(options.url);
  const description = `http:${target.protocol}//${target.host}/${options.database ?? 'default'}`;

  const fail = (error: unknown): never => {
    const e = error as { message?: string; code?: string; type?: string };
    throw new ClickHouseError(`clickhouse ${description}: ${e.message ?? String(error)}`, 'http', e.code ?? e.type, { cause: error });
  };
  const settings = (s?: StatementOptions['settings']) => s as ClickHouseSettings | undefined;

  return {
    kind: 'http',
    description,
    async command(sql, opts) {
      try {
        await client.command({ query: sql, query_params: opts?.params as Record<string, unknown> | undefined, clickhouse_settings: settings(opts?.settings) });
      } catch (error) {
        fail(error);
      }
    },
    async query<Row>(sql: string, opts?: StatementOptions): Promise<Row[]> {
      try {
        const result = await client.query({ query: sql, format: 'JSONEachRow', query_params: opts?.params as Record<string, unknown> | undefined, clickhouse_settings: settings(opts?.settings) });
        return await result.json<Row>();
      } catch (error) {
        return fail(error);
      }
    },
    async insert(table: string, rows: readonly object[], opts?: InsertOptions) {
      if (rows.length === 0) return { rows: 0, bytes: 0 };
      const clickhouse_settings: ClickHouseSettings = { ...(opts?.settings as ClickHouseSettings | undefined) };
      if (opts?.deduplicationToken) clickhouse_settings.insert_deduplication_token = opts.deduplicationToken;
      try {
        const result = opts?.columns
          ? await client.insert({ table, values: rows as unknown[][], format: 'JSONCompactEachRow', columns: [...opts.columns] as [string, ...string[]], clickhouse_settings })
          : await client.insert({ table, values: rows as object[], format: 'JSONEachRow', clickhouse_settings });
        const written = Number(result.summary?.written_bytes ?? 0);
        return { rows: rows.length, bytes: written };
      } catch (error) {
        return fail(error);
      }
    },
    async ping() {
      const result = await client.ping();
      if (!result.success) fail(result.error);
    },
    async close() {
      await client.close();
    },
  };
}
