import { join } from 'node:path';
import { applyMigrations, callEventRow, type ClickHouseBackend, conversationRow, dialogueTableRow, loadMigrations, thresholdsFromEnv } from '@callfold/clickhouse';
import { type CallEvent, type Conversation } from '@callfold/contracts';
import { evolve, initialState, toDialogueRow } from '@callfold/domain';
import { createSimulation } from '@callfold/simulator';
import { describeLoad, LoadWatch, type PhaseLoad, ROOT } from './machine';

/**
 * Optional phase `sink`: what one row costs the writer, per table, in isolation (no Kafka, one
 * insert at a time): building the row (libs/clickhouse rows), the payload the sink sends
 * (JSONCompactEachRow: arrays of values, columns named once), and the embedded engine's insert,
 * in CPU microseconds per row of this whole process (chdb parses and writes on its own threads).
 * Rows: the events and the projections of simulated conversations, one projection per event
 * (what the writer receives when the projector's batches are small). Also each table as
 * JSONEachRow (keys on every line), the encoding before, for comparison.
 */
export interface SinkCost {
  readonly rows: number;
  /** Wall ms to insert 6 × 500 call_events rows one after the other, all at once, and as one insert of 3,000. */
  readonly partitionsInsert: { sequentialMs: number; concurrentMs: number; oneInsertMs: number };
  /** CPU µs per row. */
  readonly build: Record<string, number>;
  readonly serialize: Record<string, number>;
  readonly insert: Record<string, number>;
  readonly bytesPerRow: Record<string, number>;
  readonly load: PhaseLoad;
}

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

function timed<T>(rows: number, run: () => T): { value: T; usPerRow: number } {
  const before = cpuMicros();
  const value = run();
  return { value, usPerRow: Math.round(((cpuMicros() - before) / rows) * 10) / 10 };
}

async function timedAsync(rows: number, run: () => Promise<unknown>): Promise<number> {
  const before = cpuMicros();
  await run();
  return Math.round(((cpuMicros() - before) / rows) * 10) / 10;
}

const jsonEachRow = (rows: readonly object[]) => Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
const jsonCompactEachRow = (rows: readonly unknown[][]) => Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));

export async function measureSinkCost(engine: ClickHouseBackend, database: string, rows: number, seed: number, log: (line: string) => void): Promise<SinkCost> {
  log(`sink: per-row cost of the writer's tables, ${rows.toLocaleString('en')} rows each, one insert at a time, chdb database ${database}`);
  await applyMigrations(engine, loadMigrations(join(ROOT, 'deploy/clickhouse/migrations')), { database });
  const watch = new LoadWatch();
  const events: CallEvent[] = [];
  const projections: Conversation[] = [];
  for (const c of createSimulation({ seed, ratePerSecond: 50, durationMs: 365 * 86_400_000 }).conversations()) {
    let state = initialState();
    for (const e of c.events) {
      state = evolve(state, e);
      events.push(e);
      if (state.status !== 'empty') projections.push(state.conversation);
    }
    if (events.length >= rows) break;
  }
  events.length = rows;
  projections.length = Math.min(rows, projections.length);
  const thresholds = thresholdsFromEnv({});

  const build: Record<string, number> = {};
  const serialize: Record<string, number> = {};
  const insert: Record<string, number> = {};
  const bytesPerRow: Record<string, number> = {};
  // Twice, the first round warms the JIT; the second is reported.
  for (let round = 0; round < 2; round++) {
    const e = timed(events.length, () => events.map((event, i) => callEventRow(event, { partition: 0, offset: String(i) })));
    const c = timed(projections.length, () => projections.map(conversationRow));
    const d = timed(projections.length, () => projections.flatMap((p) => ((row) => (row === null ? [] : [dialogueTableRow(row)]))(toDialogueRow(p, thresholds))));
    build['call_events'] = e.usPerRow;
    build['conversations'] = c.usPerRow;
    build['dialogues'] = d.usPerRow;
    // What the sink sends: each row as its array of values, the columns named once (JSONCompactEachRow).
    const payloads: [string, readonly string[], readonly unknown[][], Buffer][] = [];
    for (const [table, list] of [['call_events', e.value], ['conversations', c.value], ['dialogues', d.value]] as const) {
      const s = timed(list.length, () => {
        const values = (list as readonly object[]).map(Object.values);
        return { values, payload: jsonCompactEachRow(values) };
      });
      serialize[table] = s.usPerRow;
      bytesPerRow[table] = Math.round(s.value.payload.length / list.length);
      payloads.push([table, Object.keys(list[0] as object), s.value.values, s.value.payload]);
    }
    for (const [table, columns, values] of payloads) {
      // The backend serialises again inside insert(); its own JSON cost is taken off.
      const total = await timedAsync(values.length, () => engine.insert(`${database}.${table}`, values, { columns, deduplicationToken: `sink:${round}:${table}` }));
      insert[table] = Math.round((total - (serialize[table] as number)) * 10) / 10;
    }
    // For comparison, the former encoding: the same rows as JSONEachRow, keys on every line.
    for (const [table, list] of [['call_events', e.value], ['conversations', c.value], ['dialogues', d.value]] as const) {
      const objects = timed(list.length, () => jsonEachRow(list));
      serialize[`${table} as JSONEachRow`] = objects.usPerRow;
      bytesPerRow[`${table} as JSONEachRow`] = Math.round(objects.value.length / list.length);
      const total = await timedAsync(list.length, () => engine.insert(`${database}.${table}`, list, { deduplicationToken: `sink:objects:${round}:${table}` }));
      insert[`${table} as JSONEachRow`] = Math.round((total - objects.usPerRow) * 10) / 10;
    }
  }
  // Six partitions' worth of small inserts: in series (the writer before it grouped a fetch's
  // batches), concurrently, or merged into one insert (the writer now). Medians of 5.
  const eventRows = events.slice(0, 3_000).map((event, i) => callEventRow(event, { partition: 0, offset: String(i) }));
  const runs = { sequentialMs: [] as number[], concurrentMs: [] as number[], oneInsertMs: [] as number[] };
  const slices = [0, 1, 2, 3, 4, 5].map((k) => eventRows.slice(k * 500, k * 500 + 500));
  for (let round = 0; round < 5; round++) {
    let since = performance.now();
    for (const [k, slice] of slices.entries()) await engine.insert(`${database}.call_events`, slice, { deduplicationToken: `seq:${round}:${k}` });
    runs.sequentialMs.push(performance.now() - since);
    since = performance.now();
    await Promise.all(slices.map((slice, k) => engine.insert(`${database}.call_events`, slice, { deduplicationToken: `conc:${round}:${k}` })));
    runs.concurrentMs.push(performance.now() - since);
    since = performance.now();
    await engine.insert(`${database}.call_events`, eventRows, { deduplicationToken: `one:${round}` });
    runs.oneInsertMs.push(performance.now() - since);
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number);
  const partitionsInsert = { sequentialMs: median(runs.sequentialMs), concurrentMs: median(runs.concurrentMs), oneInsertMs: median(runs.oneInsertMs) };
  const load = watch.stop();
  for (const table of Object.keys(serialize)) {
    const parts = [build[table] === undefined ? '' : `build ${build[table]} µs`, `JSON ${serialize[table]} µs (${bytesPerRow[table]} bytes)`, insert[table] === undefined ? '' : `chdb insert ${insert[table]} µs`].filter((p) => p !== '');
    log(`  ${table}: ${parts.join(' + ')} CPU per row`);
  }
  log(
    `  6 partition batches of 500 call_events rows: ${partitionsInsert.sequentialMs} ms one after the other, ${partitionsInsert.concurrentMs} ms all at once, ` +
      `${partitionsInsert.oneInsertMs} ms as one insert of 3,000 rows (wall, medians of 5)`,
  );
  log(`sink: ${describeLoad(load)}`);
  return { rows, partitionsInsert, build, serialize, insert, bytesPerRow, load };
}
