import { type ClickHouseBackend } from '@callfold/clickhouse';
import { type ErasureLookup } from './batch-writer';

/** Ids per query: keeps bound parameters (sent in the URL by the HTTP client) well under URI limits. */
export const ERASURE_LOOKUP_CHUNK = 500;

/**
 * Which of these conversations were erased: a read of `<db>.erasures`, the record the sink
 * writes before it deletes a conversation's rows. A throw fails the batch (retried), so events
 * are never written on a guess.
 */
export function createErasureLookup(backend: Pick<ClickHouseBackend, 'query'>, database: string): ErasureLookup {
  return async (ids) => {
    const erased = new Set<string>();
    for (let start = 0; start < ids.length; start += ERASURE_LOOKUP_CHUNK) {
      const rows = await backend.query<{ conversation_id: string }>(`SELECT DISTINCT conversation_id FROM ${database}.erasures WHERE conversation_id IN {ids:Array(String)}`, {
        params: { ids: ids.slice(start, start + ERASURE_LOOKUP_CHUNK) },
      });
      for (const row of rows) erased.add(row.conversation_id);
    }
    return erased;
  };
}
