import { type ClickHouseBackend, createChdbBackend } from '@callfold/clickhouse';

/** What the writer left in ClickHouse, read with FINAL (docs/analytics.md "Reading rules"). */
export interface TableSnapshot {
  readonly callEvents: { readonly distinct: number; readonly conversations: ReadonlySet<string> };
  readonly conversations: ReadonlyMap<string, Record<string, unknown>>;
  /** Rows per conversation id before FINAL collapses versions is not asserted; FINAL counts are. */
  readonly conversationRows: number;
  readonly dialogues: ReadonlyMap<string, Record<string, unknown>>;
  readonly dialogueRows: number;
  readonly erasures: ReadonlySet<string>;
}

/**
 * Opens the writer's chdb directory in this process (only once the writer has exited: chdb locks
 * a data directory to one process), reads every table with FINAL, and closes it again.
 */
export async function readTables(chdbPath: string, database: string): Promise<TableSnapshot> {
  const backend = createChdbBackend({ path: chdbPath });
  try {
    return await snapshot(backend, database);
  } finally {
    await backend.close();
  }
}

async function snapshot(backend: ClickHouseBackend, db: string): Promise<TableSnapshot> {
  const events = await backend.query<{ conversation_id: string; n: string }>(`SELECT conversation_id, count() AS n FROM ${db}.call_events FINAL GROUP BY conversation_id`);
  const conversations = await backend.query<Record<string, unknown> & { conversation_id: string }>(`SELECT * EXCEPT (written_at) FROM ${db}.conversations FINAL`);
  const dialogues = await backend.query<Record<string, unknown> & { conversation_id: string }>(`SELECT * EXCEPT (written_at) FROM ${db}.dialogues FINAL`);
  const erasures = await backend.query<{ conversation_id: string }>(`SELECT conversation_id FROM ${db}.erasures FINAL`);
  return {
    callEvents: { distinct: events.reduce((sum, r) => sum + Number(r.n), 0), conversations: new Set(events.map((r) => r.conversation_id)) },
    conversations: new Map(conversations.map((r) => [r.conversation_id, r])),
    conversationRows: conversations.length,
    dialogues: new Map(dialogues.map((r) => [r.conversation_id, r])),
    dialogueRows: dialogues.length,
    erasures: new Set(erasures.map((r) => r.conversation_id)),
  };
}

/** Runs a few queries against the directory, in this process (same locking rule as readTables). */
export async function queryTables<Row = Record<string, unknown>>(chdbPath: string, sql: string): Promise<Row[]> {
  const backend = createChdbBackend({ path: chdbPath });
  try {
    return await backend.query<Row>(sql);
  } finally {
    await backend.close();
  }
}
