import { type DeadLetter } from '@callfold/contracts';
import { type TableSnapshot } from './clickhouse-tables';
import { type Expectation, expectedConversationRow, rowDifferences } from './expectation';

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

/** Differences of every row of `actual` against `expected`, by conversation, at most `limit` listed. */
function tableDifferences(expected: ReadonlyMap<string, Record<string, unknown>>, actual: ReadonlyMap<string, Record<string, unknown>>, limit = 10): string[] {
  const out: string[] = [];
  for (const [id, row] of expected) {
    const got = actual.get(id);
    if (!got) continue; // missing ids are reported by the id-set assertion
    const diff = rowDifferences(row, got, Object.keys(row));
    if (diff.length > 0) out.push(`${id}: ${diff.join('; ')}`);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * The pipeline's result equals the pure functions' result: the same conversations, each row
 * equal cell by cell (version included: no event lost, none counted twice), the erased
 * conversations nowhere but in `erasures`, and one dead letter per poison message, with its reason.
 */
export function expectTablesMatch(tables: TableSnapshot, expected: Expectation): void {
  // call_events: every distinct event of every non-erased conversation, nothing else.
  expect(sorted(tables.callEvents.conversations)).toEqual(sorted(expected.conversations.keys()));
  expect(tables.callEvents.distinct).toBe(expected.callEvents);

  // conversations FINAL: one row per non-erased conversation, equal to the folded projection's row.
  expect(sorted(tables.conversations.keys())).toEqual(sorted(expected.conversations.keys()));
  expect(tables.conversationRows).toBe(expected.conversations.size);
  const conversationRows = new Map([...expected.conversations].map(([id, c]) => [id, expectedConversationRow(c)]));
  expect(tableDifferences(conversationRows, tables.conversations)).toEqual([]);

  // dialogues FINAL: toDialogueRow of each projection, every column.
  expect(sorted(tables.dialogues.keys())).toEqual(sorted(expected.dialogues.keys()));
  expect(tables.dialogueRows).toBe(expected.dialogues.size);
  expect(tableDifferences(expected.dialogues, tables.dialogues)).toEqual([]);

  // Erased conversations: gone from every table, recorded in erasures.
  for (const id of expected.erased) {
    expect({ id, callEvents: tables.callEvents.conversations.has(id), conversations: tables.conversations.has(id), dialogues: tables.dialogues.has(id) }).toEqual({
      id,
      callEvents: false,
      conversations: false,
      dialogues: false,
    });
  }
  expect(sorted(tables.erasures)).toEqual(sorted(expected.erased));
}

/** Exactly one dead letter per poison message, with the reason callfold must give, from the projector. */
export function expectDeadLettersMatch(letters: readonly DeadLetter[], expected: Expectation, topic: string): void {
  const actual = letters.map((l) => ({ reason: l.reason, value: (l.value ?? Buffer.alloc(0)).toString('hex'), service: l.service, topic: l.topic }));
  const wanted = expected.deadLetters.map((d) => ({ reason: d.reason, value: d.value.toString('hex'), service: 'projector', topic }));
  const order = (a: { reason: string; value: string }, b: { reason: string; value: string }) => (a.reason + a.value < b.reason + b.value ? -1 : 1);
  expect(actual.sort(order)).toEqual(wanted.sort(order));
}

/** Reasons and their counts, e.g. `{ INVALID_EVENT: 5, UNDECODABLE: 5, ... }`. */
export function reasonCounts(letters: readonly Pick<DeadLetter, 'reason'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { reason } of letters) counts[reason] = (counts[reason] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}
