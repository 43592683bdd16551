import { type ClickHouseBackend } from '@callfold/clickhouse';

/** What ClickHouse holds for one demo run (its conversation ids share a prefix), read with FINAL. */
export interface DemoTables {
  readonly callEvents: number;
  readonly conversations: number;
  readonly ended: number;
  readonly dialogues: number;
  readonly erased: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly queues: readonly QueueLine[];
}

export interface QueueLine {
  readonly queue: string;
  readonly offered: number;
  readonly accepted: number;
  readonly inSla: number;
  readonly abandoned: number;
  readonly slaPct: number | null;
  readonly abandonPct: number | null;
}

const num = (v: unknown): number => Number(v ?? 0);
const pct = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Per queue, seed 004's service level (InSLA over accepted queued dialogues) and the abandon
 * rate (Abandoned over queued dialogues), the formulas of docs/analytics.md.
 */
export const QUEUE_SQL = (db: string) => `SELECT queue_id,
       countIf(queued = 1) AS offered,
       countIf(outcome = 'Accepted' AND queued = 1) AS accepted_queued,
       countIf(in_sla = 1 AND queued = 1) AS answered_in_sla,
       countIf(outcome = 'Abandoned') AS abandoned_n,
       round(100 * answered_in_sla / nullIf(accepted_queued, 0), 1) AS sla_pct,
       round(100 * abandoned_n / nullIf(offered, 0), 1) AS abandon_pct
FROM ${db}.dialogues FINAL
WHERE conversation_id LIKE {prefix:String} AND queue_id IS NOT NULL
GROUP BY queue_id
ORDER BY queue_id`;

export async function readDemoTables(backend: ClickHouseBackend, db: string, conversationIdPrefix: string): Promise<DemoTables> {
  const params = { prefix: `${conversationIdPrefix}%` };
  const one = async (sql: string) => (await backend.query<Record<string, unknown>>(sql, { params }))[0] ?? {};
  const events = await one(`SELECT count() AS n FROM ${db}.call_events FINAL WHERE conversation_id LIKE {prefix:String}`);
  const conversations = await one(`SELECT count() AS n, countIf(ended = 1) AS ended FROM ${db}.conversations FINAL WHERE conversation_id LIKE {prefix:String}`);
  const erased = await one(`SELECT count() AS n FROM ${db}.erasures FINAL WHERE conversation_id LIKE {prefix:String}`);
  const outcomes = await backend.query<{ outcome: string | null; n: string }>(
    `SELECT outcome, count() AS n FROM ${db}.dialogues FINAL WHERE conversation_id LIKE {prefix:String} GROUP BY outcome ORDER BY outcome`,
    { params },
  );
  const queues = await backend.query<Record<string, unknown>>(QUEUE_SQL(db), { params });
  return {
    callEvents: num(events['n']),
    conversations: num(conversations['n']),
    ended: num(conversations['ended']),
    dialogues: outcomes.reduce((n, r) => n + num(r.n), 0),
    erased: num(erased['n']),
    outcomes: Object.fromEntries(outcomes.map((r) => [r.outcome ?? 'live (undecided)', num(r.n)])),
    queues: queues.map((r) => ({
      queue: String(r['queue_id']),
      offered: num(r['offered']),
      accepted: num(r['accepted_queued']),
      inSla: num(r['answered_in_sla']),
      abandoned: num(r['abandoned_n']),
      slaPct: pct(r['sla_pct']),
      abandonPct: pct(r['abandon_pct']),
    })),
  };
}
