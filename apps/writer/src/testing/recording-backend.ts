/** Unit-test support: a ClickHouse backend that records statements and inserts instead of running them. */
import { type ClickHouseBackend, type InsertOptions, type StatementOptions } from '@callfold/clickhouse';

export interface RecordedInsert {
  readonly table: string;
  /** The rows as objects (compact inserts, arrays of values, are zipped with their columns). */
  readonly rows: readonly Record<string, unknown>[];
  readonly token: string | undefined;
  /** The column list of a compact insert (JSONCompactEachRow), undefined for object rows. */
  readonly columns: readonly string[] | undefined;
}

function asObjects(rows: readonly object[], columns: readonly string[] | undefined): Record<string, unknown>[] {
  if (!columns) return rows as Record<string, unknown>[];
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, (row as readonly unknown[])[i]])));
}

export function recordingBackend(options: { failInserts?: number } = {}) {
  const inserts: RecordedInsert[] = [];
  const statements: string[] = [];
  let toFail = options.failInserts ?? 0;
  let closed = 0;
  const backend: ClickHouseBackend = {
    kind: 'chdb',
    description: 'recording',
    async command(sql: string, _options?: StatementOptions) {
      statements.push(sql);
    },
    async query<Row>(sql: string, _options?: StatementOptions): Promise<Row[]> {
      statements.push(sql);
      return [];
    },
    async insert(table: string, rows: readonly object[], opts?: InsertOptions) {
      if (toFail > 0) {
        toFail -= 1;
        throw new Error('Connection refused');
      }
      inserts.push({ table, rows: asObjects(rows, opts?.columns), token: opts?.deduplicationToken, columns: opts?.columns });
      return { rows: rows.length, bytes: 0 };
    },
    async ping() {},
    async close() {
      closed += 1;
    },
  };
  return { backend, inserts, statements, closed: () => closed };
}
