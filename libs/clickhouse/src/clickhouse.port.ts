/**
 * The one door to ClickHouse. Two adapters stand behind it: a ClickHouse server over HTTP
 * (`@clickhouse/client`, production) and the embedded engine (`chdb`, the default when no
 * server is configured). Every method throws on failure: a sink never returns an empty result
 * to hide an error.
 */
export interface ClickHouseBackend {
  readonly kind: 'http' | 'chdb';
  /** Human-readable target for logs, never containing credentials. */
  readonly description: string;
  /** Runs a statement that returns no rows (DDL, OPTIMIZE, ALTER ... DELETE). */
  command(sql: string, options?: StatementOptions): Promise<void>;
  /** Runs a query and returns its rows as plain objects (JSONEachRow). */
  query<Row = Record<string, unknown>>(sql: string, options?: StatementOptions): Promise<Row[]>;
  /**
   * Inserts rows: objects as JSONEachRow, or, with `options.columns`, arrays of values in that
   * column order as JSONCompactEachRow; `deduplicationToken` makes a retried insert a no-op.
   */
  insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<InsertResult>;
  /** Resolves when the engine answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StatementOptions {
  /** Query parameters bound server-side: `{name:Type}` placeholders in the SQL. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** ClickHouse settings for this statement only. */
  readonly settings?: Readonly<Record<string, string | number | boolean>>;
}

export interface InsertOptions {
  /**
   * Identical token + identical data = the insert is skipped as a duplicate, on a replicated
   * table or on a MergeTree with `non_replicated_deduplication_window` set.
   * https://clickhouse.com/docs/operations/settings/settings#insert_deduplication_token
   */
  readonly deduplicationToken?: string;
  /**
   * The column names when every row is an array of values in this order (JSONCompactEachRow):
   * no key names repeated on every row, which the engine also parses faster. Without it, rows are
   * objects (JSONEachRow).
   */
  readonly columns?: readonly string[];
  readonly settings?: Readonly<Record<string, string | number | boolean>>;
}

export interface InsertResult {
  readonly rows: number;
  readonly bytes: number;
}

/** A failure reported by ClickHouse or by the transport, with the engine's own message. */
export class ClickHouseError extends Error {
  constructor(
    message: string,
    readonly backend: ClickHouseBackend['kind'],
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClickHouseError';
  }
}
