import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallEvent, type Conversation, type EventType, type PayloadOf } from '@callfold/contracts';
import { foldEvents, thresholdPolicy, type ConversationState } from '@callfold/domain';
import { createAnalyticsSink, type AnalyticsSink } from './analytics.sink';
import { createChdbBackend } from './chdb.backend';
import { conversationRow } from './rows/conversation.rows';
import { type ClickHouseBackend } from './clickhouse.port';
import { applyMigrations, loadMigrations } from './migrations.runner';

// Real migrations on the real embedded engine: the same DDL and views production uses.
const MIGRATIONS = join(__dirname, '../../../deploy/clickhouse/migrations');
const DB = 'callfold_sink_test';
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

let n = 0;
function ev<K extends EventType>(conversationId: string, atSec: number, type: K, payload: PayloadOf[K]): CallEvent {
  n += 1;
  return { eventId: `e-${n}`, conversationId, occurredAt: T0 + atSec * 1000, sequence: null, source: { system: 'pbx', vendor: null, node: null }, type, payload } as CallEvent;
}
function conversationOf(state: ConversationState): Conversation {
  if (state.status === 'empty') throw new Error('no events folded');
  return state.conversation;
}

const session = { direction: 'INBOUND', channel: 'VOICE', sessionType: 'VOICE_INBOUND_PSTN', flow: null, customerId: 'cust-1', customerName: 'Ana', contact: '+351210000001', companyNumber: '+351210000999', orderNumber: null } as const;
const answered = (id: string) =>
  conversationOf(
    foldEvents([
      ev(id, 0, 'SessionCreated', session),
      ev(id, 1, 'IvrEntered', { ivrId: 'ivr-main' }),
      ev(id, 11, 'Queued', { queueId: 'q-billing', priority: 5, teamId: 'team-a' }),
      ev(id, 12, 'OfferedToAgent', { agentId: 'ag-1', answerType: 'HUMAN', queueId: 'q-billing', teamId: 'team-a' }),
      ev(id, 26, 'Connected', { agentId: 'ag-1', answerType: 'HUMAN', teamId: 'team-a', queueId: 'q-billing' }),
      ev(id, 146, 'Ended', { hangupSource: 'CUSTOMER', reason: null }),
    ]),
  );
const quickDrop = (id: string) =>
  conversationOf(
    foldEvents([
      ev(id, 0, 'SessionCreated', session),
      ev(id, 5, 'Queued', { queueId: 'q-billing', priority: 5, teamId: null }),
      ev(id, 8, 'Ended', { hangupSource: 'CUSTOMER', reason: null }),
    ]),
  );

describe('analytics sink on embedded ClickHouse with the real migrations', () => {
  let backend: ClickHouseBackend;
  let sink: AnalyticsSink;
  const thresholds = thresholdPolicy({ defaults: { slaThresholdMs: 20_000, quickDropThresholdMs: 5_000, quickDropClock: 'queue' } });

  beforeAll(async () => {
    backend = createChdbBackend({ path: mkdtempSync(join(tmpdir(), 'cf-sink-')) });
    await applyMigrations(backend, loadMigrations(MIGRATIONS), { database: DB });
    sink = createAnalyticsSink({ backend, database: DB, thresholds });
  });
  afterAll(async () => {
    await backend.close();
  });

  it('given an answered call and a quick drop, when written, then the Anywhere365 view shows seed 004 values', async () => {
    await sink.writeConversations([answered('c-ans'), quickDrop('c-qd')], 'conversations-0-0-1');

    const rows = await backend.query(`SELECT id, Outcome, InSLA, QuickDrop, ivrDurationInSec, queueDurationInSec, initialTalkDurationInSec, sessionDurationInSec, queueId, agentId, direction FROM ${DB}.v_anywhere365_dialogues ORDER BY id`);
    expect(rows).toEqual([
      { id: 'c-ans', Outcome: 'Accepted', InSLA: 'True', QuickDrop: null, ivrDurationInSec: 11, queueDurationInSec: 15, initialTalkDurationInSec: 120, sessionDurationInSec: 146, queueId: 'q-billing', agentId: 'ag-1', direction: 1 },
      { id: 'c-qd', Outcome: 'Abandoned', InSLA: null, QuickDrop: 'True', ivrDurationInSec: 5, queueDurationInSec: 3, initialTalkDurationInSec: null, sessionDurationInSec: 8, queueId: 'q-billing', agentId: null, direction: 1 },
    ]);
  });

  it('given the same batch written twice, when read, then the tables hold one row per conversation with the same values', async () => {
    const before = await backend.query(`SELECT * EXCEPT written_at FROM ${DB}.dialogues FINAL ORDER BY conversation_id`);
    await sink.writeConversations([answered('c-ans'), quickDrop('c-qd')], 'conversations-0-0-1');
    await sink.writeConversations([answered('c-ans'), quickDrop('c-qd')], 'conversations-0-2-3');

    const after = await backend.query(`SELECT * EXCEPT written_at FROM ${DB}.dialogues FINAL ORDER BY conversation_id`);
    const [counts] = await backend.query<{ n: string }>(`SELECT count() AS n FROM ${DB}.conversations FINAL`);
    expect(after).toEqual(before);
    expect(Number(counts?.n)).toBe(2);
  });

  it('given written conversations, when each seed view is read, then it speaks that product vocabulary', async () => {
    const [operator] = await backend.query(`SELECT status, direction, transferred FROM ${DB}.v_operator_conversations WHERE id = 'c-ans'`);
    const [contacto] = await backend.query(`SELECT \`Conversation state\` AS state, \`Conversation Direction\` AS dir, \`Channel\` AS ch FROM ${DB}.v_contacto_conversations WHERE \`Conversation ID\` = 'c-qd'`);
    const [ccai] = await backend.query(`SELECT status, status_name FROM ${DB}.v_ccai_session_metadata WHERE session_id = 'c-ans'`);
    expect(operator).toEqual({ status: 'completed', direction: 'inbound', transferred: false });
    expect(contacto).toEqual({ state: 'Dropped', dir: 'Incoming', ch: 'Call' });
    expect(ccai).toEqual({ status: 8, status_name: 'finished' });
  });

  it('given several versions of one conversation in one write, when read without FINAL, then only the newest was sent: one row per table', async () => {
    const events = [ev('c-versions', 0, 'SessionCreated', session), ev('c-versions', 3, 'Queued', { queueId: 'q-versions', priority: 5, teamId: null })];
    const v1 = conversationOf(foldEvents(events.slice(0, 1)));
    const v2 = conversationOf(foldEvents(events));

    await sink.writeConversations([v1, v2, v1], 'conversations-5-0-2');

    const rows = await backend.query(`SELECT version FROM ${DB}.conversations WHERE conversation_id = 'c-versions'`);
    const dialogues = await backend.query(`SELECT version FROM ${DB}.dialogues WHERE conversation_id = 'c-versions'`);
    expect({ rows, dialogues }).toEqual({ rows: [{ version: '2' }], dialogues: [{ version: '2' }] });
  });

  it('given participants, when the CCAI view is read, then they are the projection participants as JSON, for rows written before migration 0007 (projection_json) and after', async () => {
    const events = [
      ev('c-party', 0, 'SessionCreated', session),
      ev('c-party', 5, 'ParticipantJoined', { participantId: 'p-1', role: 'AGENT', agentId: 'ag-1' }),
      ev('c-party', 9, 'ParticipantJoined', { participantId: 'p-2', role: 'SUPERVISOR', agentId: null }),
    ];
    const party = conversationOf(foldEvents(events));
    await sink.writeConversations([party], 'conversations-6-0-0');
    // A row as the writer stored it before 0007: the whole projection, no participants_json.
    const old = { ...party, conversationId: 'c-party-old' };
    await backend.insert(`${DB}.conversations`, [{ ...conversationRow(old), participants_json: '', projection_json: JSON.stringify(old) }]);

    const rows = await backend.query<{ session_id: string; participants: string }>(`SELECT session_id, participants FROM ${DB}.v_ccai_session_metadata WHERE session_id LIKE 'c-party%' ORDER BY session_id`);

    expect(rows).toEqual([
      { session_id: 'c-party', participants: JSON.stringify(party.participants) },
      { session_id: 'c-party-old', participants: JSON.stringify(party.participants) },
    ]);
    expect(party.participants).toHaveLength(2);
  });

  it('given dialogues, when the 15-minute queue view is read, then offered, accepted and abandoned land in their own intervals', async () => {
    const rows = await backend.query(`SELECT toString(interval_start) AS interval_start, offered, accepted, accepted_in_sla, abandoned, quick_drops FROM ${DB}.queue_intervals_15m WHERE queue_id = 'q-billing' ORDER BY interval_start`);
    expect(rows).toEqual([{ interval_start: '2026-11-02 09:00:00', offered: '2', accepted: '1', accepted_in_sla: '1', abandoned: '1', quick_drops: '1' }]);
  });

  it('given events of a conversation, when an erasure arrives, then no table or view keeps the conversation', async () => {
    const events = [ev('c-erase', 0, 'SessionCreated', session), ev('c-erase', 4, 'Ended', { hangupSource: 'CUSTOMER', reason: null })];
    await sink.writeEvents(events.map((event, i) => ({ event, at: { partition: 0, offset: String(100 + i) } })), 'events-0-100-101');
    await sink.writeConversations([conversationOf(foldEvents(events))], 'conversations-0-10-10');

    const erased = conversationOf(foldEvents([...events, ev('c-erase', 60, 'ErasureRequested', { requestedBy: 'dpo', reason: 'gdpr' })]));
    const result = await sink.writeConversations([erased], 'conversations-0-11-11');

    expect(result).toEqual({ written: 0, erased: 1, erasedIds: ['c-erase'] });
    for (const table of ['call_events', 'conversations', 'dialogues', 'v_anywhere365_dialogues', 'v_contacto_conversations']) {
      const idColumn = table === 'v_anywhere365_dialogues' ? 'id' : table === 'v_contacto_conversations' ? '`Conversation ID`' : 'conversation_id';
      const [row] = await backend.query<{ n: string }>(`SELECT count() AS n FROM ${DB}.${table} WHERE ${idColumn} = 'c-erase'`);
      expect({ table, n: Number(row?.n) }).toEqual({ table, n: 0 });
    }
    const [record] = await backend.query(`SELECT conversation_id FROM ${DB}.erasures`);
    expect(record).toEqual({ conversation_id: 'c-erase' });
  });
});
