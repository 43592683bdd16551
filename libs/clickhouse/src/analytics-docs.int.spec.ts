import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallEvent, parseCallEventJson, type Conversation } from '@callfold/contracts';
import { evolve, initialState, type ConversationState } from '@callfold/domain';
import { createAnalyticsSink } from './analytics.sink';
import { createChdbBackend } from './chdb.backend';
import { type ClickHouseBackend } from './clickhouse.port';
import { applyMigrations, loadMigrations } from './migrations.runner';
import { DEFAULT_THRESHOLDS } from './thresholds.config';
import { thresholdPolicy } from '@callfold/domain';

// Runs every ```sql block of docs/analytics.md against the bundled sample conversations, so the
// analysts' documentation cannot drift from the schema.
const ROOT = join(__dirname, '../../..');
const DB = 'callfold_docs';

function sqlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => (m[1] ?? '').trim());
}

function foldFixtures(): { events: CallEvent[]; conversations: Conversation[] } {
  const dir = join(ROOT, 'test/fixtures');
  const events: CallEvent[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ndjson'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const parsed = parseCallEventJson(line);
      if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.map((e) => e.message).join('; ')}`);
      events.push(parsed.event);
    }
  }
  const states = new Map<string, ConversationState>();
  for (const e of events) states.set(e.conversationId, evolve(states.get(e.conversationId) ?? initialState(), e));
  const conversations = [...states.values()].flatMap((s) => (s.status === 'empty' ? [] : [s.conversation]));
  return { events, conversations };
}

describe('docs/analytics.md example queries', () => {
  const queries = sqlBlocks(readFileSync(join(ROOT, 'docs/analytics.md'), 'utf8'));
  let backend: ClickHouseBackend;
  const results: Record<string, unknown>[][] = [];

  beforeAll(async () => {
    backend = createChdbBackend({ path: mkdtempSync(join(tmpdir(), 'cf-docs-')) });
    await applyMigrations(backend, loadMigrations(join(ROOT, 'deploy/clickhouse/migrations')), { database: DB });
    const sink = createAnalyticsSink({ backend, database: DB, thresholds: thresholdPolicy(DEFAULT_THRESHOLDS) });
    const { events, conversations } = foldFixtures();
    await sink.writeEvents(events.map((event, i) => ({ event, at: { partition: 0, offset: String(i) } })), 'docs-events');
    await sink.writeConversations(conversations, 'docs-conversations');
    for (const sql of queries) results.push(await backend.query(sql.replaceAll('callfold.', `${DB}.`)));
  });
  afterAll(async () => {
    await backend.close();
  });

  it('given the page, when its SQL blocks are counted, then there are ten example queries', () => {
    expect(queries).toHaveLength(10);
  });

  it('given the samples, when every example runs, then each returns rows', () => {
    expect(results.map((rows) => rows.length > 0)).toEqual(queries.map(() => true));
  });

  it('given the samples, when the QuickDrop share is read, then q-support has one quick and one long abandon', () => {
    expect(results[2]).toContainEqual({ queue_id: 'q-support', quick_drop_clock: 'queue', quick_drop_threshold_ms: 5000, quick_drops: '1', abandoned: '2', quick_drop_pct: 50 });
  });

  it('given the samples, when transfers are counted, then conversations and queue entries are told apart', () => {
    expect(results[4]).toEqual([{ transferred_conversations: '1', transfers: '1', conversations: '18', queue_entries: expect.any(String) }]);
  });

  it('given the samples, when Contacto unanswered states are read, then each seed 001 state found is listed', () => {
    const states = (results[9] ?? []).map((r) => r['state']);
    expect(states).toEqual(expect.arrayContaining(['Dropped', 'Agent Assignment failed', "Customer didn't respond", 'Out of business hour']));
  });
});
