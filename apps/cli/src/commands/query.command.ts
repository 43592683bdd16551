import { type ClickHouseBackend } from '@callfold/clickhouse';
import { CliError, messageOf } from '../cli/cli-error';
import { type FlagSpecs } from '../cli/flags';
import { formatTable } from '../io/table.format';

export const queryFlags = {
  format: { type: 'string', value: 'table|json', choices: ['table', 'json'], description: 'a text table (default) or one JSON object per line' },
} as const satisfies FlagSpecs;

export const queryHelp = `callfold query "SQL" [--format table|json]

Runs one query against the configured ClickHouse (CALLFOLD_CLICKHOUSE_URL, else the embedded
engine at CALLFOLD_CHDB_PATH) with CALLFOLD_CLICKHOUSE_DATABASE (default callfold) as the current
database, so table names need no prefix. Prints a table, or with --format json one JSON object
per row (64-bit integers as strings, as ClickHouse writes them).

  callfold query "SELECT outcome, count() AS n FROM dialogues FINAL GROUP BY outcome ORDER BY n DESC"
  callfold query "SELECT * FROM v_anywhere365_dialogues LIMIT 5" --format json`;

export interface QueryOptions {
  readonly backend: ClickHouseBackend;
  readonly sql: string;
  readonly format: 'table' | 'json';
  /** The current database, for the hint on an unknown table. */
  readonly database: string;
  readonly print: (line: string) => void;
}

/** Column names in first-seen order across all rows (JSONEachRow omits nothing, but be safe). */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** Exact cells: NULL spelled out, numbers unrounded, arrays and objects (tuples, maps) as JSON. */
export function cellOf(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function renderRows(rows: readonly Record<string, unknown>[], format: 'table' | 'json'): string[] {
  if (format === 'json') return rows.map((row) => JSON.stringify(row));
  if (rows.length === 0) return ['(0 rows)'];
  const columns = columnsOf(rows);
  return [formatTable(columns, rows.map((row) => columns.map((c) => cellOf(row[c])))), `(${rows.length} row${rows.length === 1 ? '' : 's'})`];
}

export async function runQuery(options: QueryOptions): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[];
  try {
    rows = await options.backend.query<Record<string, unknown>>(options.sql);
  } catch (error) {
    const message = messageOf(error);
    if (/Database \S+ (doesn't|does not) exist|UNKNOWN_DATABASE|UNKNOWN_TABLE|Table \S+ (doesn't|does not) exist/.test(message)) {
      throw new CliError(`${message}\n(current database: ${options.database}; if its tables are missing, run \`callfold migrate\`)`);
    }
    throw error;
  }
  for (const line of renderRows(rows, options.format)) options.print(line);
  return rows;
}
