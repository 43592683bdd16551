import { type TableSnapshot } from './clickhouse-tables';
import { type Expectation } from './expectation';

/** One summary line per test, printed after its assertions passed: what was proved, with figures. */
export function report(test: string, started: number, expected: Expectation, tables: TableSnapshot, extra: Record<string, unknown> = {}): void {
  const figures = {
    messages: expected.eventMessages + expected.deadLetters.length,
    redeliveries: expected.redeliveries,
    callEvents: tables.callEvents.distinct,
    conversations: tables.conversationRows,
    dialogues: tables.dialogueRows,
    erased: tables.erasures.size,
    deadLetters: expected.deadLetters.length,
    ...extra,
    seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
  };
  console.log(`[e2e] ${test}: ${JSON.stringify(figures)}`);
}
