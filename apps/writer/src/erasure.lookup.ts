import { type ClickHouseBackend } from '@callfold/clickhouse';

const NONE: ReadonlySet<string> = new Set();

export interface ErasureFilterOptions {
  readonly backend: Pick<ClickHouseBackend, 'query'>;
  readonly database: string;
}

/** Which conversations are erased: asked once per group of event batches, told of the sink's own erasures. */
export interface ErasureFilter {
  /** The erased conversations among `ids`. Throws on a failed read: the batch fails and is retried, events are never written on a guess. */
  erasedAmong(ids: readonly string[]): Promise<ReadonlySet<string>>;
  /** Conversations this writer just erased (recorded in `erasures`, rows deleted). */
  remember(ids: readonly string[]): void;
}

/**
 * The erased conversations, kept in memory: every id of `<db>.erasures` (the record the sink
 * writes before it deletes a conversation's rows), so a group of event batches is filtered
 * without sending its ids to ClickHouse.
 *
 * Several writer instances: another instance may record an erasure at any time (it holds the
 * conversations partition, this one the events partition). So every call first reads the number
 * of distinct erased ids, one cheap unparameterised query: an id is never removed from
 * `erasures`, so that number grows exactly when a new conversation was erased, by anyone; when it
 * differs from the number last loaded, the ids are loaded again. Erasures are rare (data-subject
 * requests), so the set is small and the reload rare. What remains is the race the per-batch
 * lookup had too: an erasure recorded after this read and before this group's insert; the
 * erasures sweep (`callfold erase --sweep`) removes such rows (docs/writer.md, "Erasure").
 *
 * The count is not shortcut by the ids this writer remembers itself: a repeated erasure of a
 * known id would make a local count run ahead of the table's and then hide another instance's.
 */
export function createErasureFilter(options: ErasureFilterOptions): ErasureFilter {
  const { backend, database } = options;
  const known = new Set<string>();
  let loaded = 0;

  async function refresh(): Promise<void> {
    const [row] = await backend.query<{ n: string | number }>(`SELECT uniqExact(conversation_id) AS n FROM ${database}.erasures`);
    const distinct = Number(row?.n ?? 0);
    if (distinct === loaded) return;
    const rows = await backend.query<{ conversation_id: string }>(`SELECT DISTINCT conversation_id FROM ${database}.erasures`);
    // Union, never replace: ids never leave the table, and an id this writer just recorded may not
    // be visible yet on the replica this read went to.
    for (const r of rows) known.add(r.conversation_id);
    loaded = rows.length;
  }

  return {
    async erasedAmong(ids) {
      if (ids.length === 0) return NONE;
      await refresh();
      if (known.size === 0) return NONE;
      const erased = new Set<string>();
      for (const id of ids) if (known.has(id)) erased.add(id);
      return erased;
    },
    remember(ids) {
      for (const id of ids) known.add(id);
    },
  };
}
