import { type RunningPipeline } from './pipeline';

/** What the two services did over a phase, from the traces. */
export interface ServiceActivity {
  readonly projector: {
    batches: number;
    eventsPerBatch: number;
    transactions: number;
    avgTransactionMs: number;
    avgCommitMs: number;
    projections: number;
    /** Share of the phase's wall time spent inside the projector's batch handler (transaction included). */
    handlerShare: number;
    counters: Record<string, unknown>;
  };
  readonly writer: { batches: number; messagesPerBatch: number; messages: number; handlerShare: number; stats: Record<string, unknown> };
  /** Per ClickHouse call kind: calls, rows, wall ms from call to answer (JSON encoding on this thread included). */
  readonly clickhouse: Record<string, { calls: number; rows: number; ms: number; avgMs: number }>;
  /** Warnings and errors the services logged during the phase, by message. */
  readonly logged: Record<string, number>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function serviceActivity(pipeline: RunningPipeline, seconds: number): ServiceActivity {
  const p = pipeline.projectorTrace.consumers[0];
  const w = pipeline.writerTrace.consumers[0];
  const txn = pipeline.projectorTrace.transactions;
  const logged: Record<string, number> = {};
  for (const [msg, n] of pipeline.context.logged) {
    const since = n - (pipeline.loggedBefore.get(msg) ?? 0);
    if (since > 0) logged[msg] = since;
  }
  return {
    projector: {
      batches: p?.batches ?? 0,
      eventsPerBatch: Math.round((p?.messages ?? 0) / Math.max(1, p?.batches ?? 0)),
      transactions: txn.count,
      avgTransactionMs: round1(txn.ms / Math.max(1, txn.count)),
      avgCommitMs: round1(txn.commitMs / Math.max(1, txn.count)),
      projections: txn.records,
      handlerShare: Math.round(((p?.handlerMs ?? 0) / 1000 / seconds) * 100) / 100,
      counters: pipeline.projectorCounters(),
    },
    writer: {
      batches: w?.batches ?? 0,
      messages: w?.messages ?? 0,
      messagesPerBatch: Math.round((w?.messages ?? 0) / Math.max(1, w?.batches ?? 0)),
      handlerShare: Math.round(((w?.handlerMs ?? 0) / 1000 / seconds) * 100) / 100,
      stats: pipeline.writerStats(),
    },
    clickhouse: Object.fromEntries([...pipeline.backendTrace.spent].map(([k, v]) => [k, { calls: v.calls, rows: v.rows, ms: Math.round(v.ms), avgMs: round1(v.ms / Math.max(1, v.calls)) }])),
    logged,
  };
}

export function printServiceActivity(a: ServiceActivity, log: (line: string) => void): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  log(
    `  projector: ${a.projector.batches} batches of ~${a.projector.eventsPerBatch} events, ${a.projector.transactions} transactions (avg ${a.projector.avgTransactionMs} ms, of which commit ${a.projector.avgCommitMs} ms), ` +
      `${fmt(a.projector.projections)} projection records; in its handler ${Math.round(a.projector.handlerShare * 100)} % of the time`,
  );
  log(`  writer: ${a.writer.batches} partition batches of ~${a.writer.messagesPerBatch} messages (${fmt(a.writer.messages)} in all); in its handler ${Math.round(a.writer.handlerShare * 100)} % of the time`);
  for (const [what, v] of Object.entries(a.clickhouse)) {
    log(`  clickhouse ${what}: ${fmt(v.calls)} calls, ${fmt(v.rows)} rows, avg ${v.avgMs} ms per call (${fmt(v.rows / Math.max(0.001, v.ms / 1000))} rows/s while waiting)`);
  }
  for (const [msg, n] of Object.entries(a.logged)) log(`  logged ${n}x: ${msg}`);
}
