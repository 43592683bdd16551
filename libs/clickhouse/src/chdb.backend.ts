import { mkdirSync } from 'node:fs';
import { Session } from 'chdb';
import { ClickHouseError, type ClickHouseBackend, type InsertOptions, type StatementOptions } from './clickhouse.port';
import { parseJsonEachRow, toJsonCompactEachRow, toJsonEachRow } from './json-each-row';

export interface ChdbBackendOptions {
  /** Data directory of the embedded engine (created if missing). */
  readonly path: string;
}

/**
 * The embedded engine: current ClickHouse inside this process, tables on disk under `path`.
 * libchdb binds one data directory per process, so every backend in a process must share the
 * same path (https://github.com/chdb-io/chdb-node#one-data-directory-at-a-time).
 */
export function createChdbBackend(options: ChdbBackendOptions): ClickHouseBackend {
  mkdirSync(options.path, { recursive: true });
  // Same JSON number rendering as a ClickHouse server's default, so both adapters return 64-bit
  // integers (counts, offsets) as exact decimal strings.
  const session = new Session(options.path, { connectionArgs: ['--output_format_json_quote_64bit_integers=1'] });
  let closed = false;

  const fail = (error: unknown): never => {
    const e = error as { message?: string; clickhouseCode?: number | string; code?: string };
    throw new ClickHouseError(`chdb: ${e.message ?? String(error)}`, 'chdb', String(e.clickhouseCode ?? e.code ?? ''), { cause: error });
  };
  const withSettings = (sql: string, settings?: StatementOptions['settings']): string => {
    if (!settings || Object.keys(settings).length === 0) return sql;
    const list = Object.entries(settings).map(([k, v]) => `${k} = ${typeof v === 'string' ? `'${v.replace(/'/g, "\\'")}'` : Number(v)}`);
    return `${sql} SETTINGS ${list.join(', ')}`;
  };
  const run = async (sql: string, options: StatementOptions | undefined, format: string) => {
    if (closed) throw new ClickHouseError('chdb: backend is closed', 'chdb', undefined);
    try {
      const text = withSettings(sql, options?.settings);
      return options?.params ? await session.queryBindAsync(text, options.params, { format }) : await session.queryAsync(text, { format });
    } catch (error) {
      return fail(error);
    }
  };

  return {
    kind: 'chdb',
    description: `chdb:${options.path}`,
    async command(sql, opts) {
      await run(sql, opts, 'Null');
    },
    async query<Row>(sql: string, opts?: StatementOptions) {
      const result = await run(sql, opts, 'JSONEachRow');
      return parseJsonEachRow<Row>(result.text());
    },
    async insert(table: string, rows: readonly object[], opts?: InsertOptions) {
      if (rows.length === 0) return { rows: 0, bytes: 0 };
      const columns = opts?.columns;
      const payload = columns ? toJsonCompactEachRow(rows as readonly (readonly unknown[])[]) : toJsonEachRow(rows);
      const settings: Record<string, string | number | boolean> = { ...opts?.settings };
      if (opts?.deduplicationToken) settings['insert_deduplication_token'] = opts.deduplicationToken;
      try {
        await session.insert(columns ? { table, columns: [...columns], values: payload, format: 'JSONCompactEachRow', settings } : { table, values: payload, format: 'JSONEachRow', settings });
      } catch (error) {
        fail(error);
      }
      return { rows: rows.length, bytes: payload.length };
    },
    async ping() {
      await run('SELECT 1', undefined, 'Null');
    },
    async close() {
      if (closed) return;
      closed = true;
      session.close();
    },
  };
}
