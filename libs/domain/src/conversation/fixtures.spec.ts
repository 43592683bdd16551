import { type Conversation, EventType, schemaSources } from '@callfold/contracts';
import { FIXTURE_NAMES, type FixtureName, loadFixture, readFixtureLines } from './testing/load-fixture';
import { foldEvents } from './conversation.reducer';
import { type ConversationState } from './conversation.state';
import { conversationOf } from './testing/project';

interface RecordSchema {
  readonly name: string;
  readonly fields: readonly { readonly name: string }[];
}

const envelope = schemaSources['call-event.avsc'] as unknown as { fields: readonly { name: string; type: unknown }[] };
const payloadRecords = new Map(
  (envelope.fields.find((f) => f.name === 'payload')!.type as readonly RecordSchema[]).map((r) => [r.name, r.fields.map((f) => f.name)]),
);
const ENVELOPE_KEYS = envelope.fields.map((f) => f.name);
const SECOND = 1000;

const fold = (name: FixtureName): ConversationState => foldEvents(loadFixture(name));
const project = (name: FixtureName): Conversation => conversationOf(fold(name));

/** A deterministic shuffle (so a failure is reproducible): a fixed-seed Fisher-Yates. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('bundled sample streams', () => {
  describe.each(FIXTURE_NAMES.map((name) => [name]))('%s', (name) => {
    it('is in the contract JSON form: envelope fields, source fields, every payload field of its type', () => {
      const lines = readFixtureLines(name) as Record<string, unknown>[];
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(Object.keys(line)).toEqual(ENVELOPE_KEYS.slice(0, 5).concat(['type', 'payload']));
        expect(Object.keys(line['source'] as object)).toEqual(['system', 'vendor', 'node']);
        expect(Object.keys(line['payload'] as object)).toEqual(payloadRecords.get(line['type'] as string));
        expect(new Date(line['occurredAt'] as number).getUTCFullYear()).toBe(2026);
      }
      expect(new Set(lines.map((l) => l['conversationId'])).size).toBe(1);
    });

    it('folds to the same projection in file order, reversed and shuffled', () => {
      const events = loadFixture(name);
      const expected = JSON.stringify(conversationOf(foldEvents(events)));
      expect(JSON.stringify(conversationOf(foldEvents(events.slice().reverse())))).toBe(expected);
      for (const seed of [1, 2, 3]) expect(JSON.stringify(conversationOf(foldEvents(shuffled(events, seed))))).toBe(expected);
    });
  });

  it('use every event type at least once', () => {
    const used = new Set(FIXTURE_NAMES.flatMap((name) => loadFixture(name).map((e) => e.type)));
    expect(EventType.filter((type) => !used.has(type))).toEqual([]);
  });

  it('inbound-answered-in-sla: answered 14 s after queueing, wrapped up, ticket and recording linked', () => {
    const c = project('inbound-answered-in-sla');
    expect(fold('inbound-answered-in-sla').status).toBe('ended');
    expect(c.connectedAt! - c.queuedAt!).toBe(14 * SECOND);
    expect(c).toMatchObject({
      direction: 'INBOUND',
      channel: 'VOICE',
      phase: 'ENDED',
      ivrId: 'ivr-main',
      menuPath: 'Main > Billing > Payments',
      menuPathId: '2420/4563/6205',
      queueId: 'q-billing',
      agentId: 'agent-0142',
      answerType: 'HUMAN',
      teamId: 'team-billing',
      hangupSource: 'AGENT',
      dispositionCode: 'PAYMENT_ARRANGED',
      ticketId: 'ZD-88412',
      recordingPermission: 'GRANTED',
      recordingUrl: 'https://recordings.example.com/2026/03/02/ivr-billing-0914.wav',
      version: 14,
    });
  });

  it('inbound-answered-late: answered 47 s after queueing; the redelivered line is not counted', () => {
    const c = project('inbound-answered-late');
    expect(loadFixture('inbound-answered-late')).toHaveLength(11);
    expect(c.version).toBe(10);
    expect(c.queueEntries).toBe(1);
    expect(c.connectedAt! - c.queuedAt!).toBe(47 * SECOND);
    expect([c.offersMissed, c.offersDeclined, c.agentId, c.dispositionCode]).toEqual([1, 0, 'agent-0187', 'RESOLVED']);
  });

  it('inbound-abandoned-quick: customer left 3.2 s after queueing, never connected', () => {
    const c = project('inbound-abandoned-quick');
    expect(c.endedAt! - c.queuedAt!).toBe(3200);
    expect([c.connectedAt, c.assignedAt, c.hangupSource, c.phase]).toEqual([null, null, 'CUSTOMER', 'ENDED']);
  });

  it('inbound-abandoned-long-wait: 160 s in queue, an offer rejected, assignment failed', () => {
    const c = project('inbound-abandoned-long-wait');
    expect(c.endedAt! - c.queuedAt!).toBe(160 * SECOND);
    expect([c.connectedAt, c.offersDeclined, c.assignmentFailedAt! - c.createdAt!, c.hangupSource]).toEqual([null, 1, 120 * SECOND, 'CUSTOMER']);
  });

  it('ivr-drop: disconnected in the IVR, never queued', () => {
    const c = project('ivr-drop');
    expect([c.queuedAt, c.queueEntries, c.ivrId, c.menuPathId, c.hangupSource]).toEqual([null, 0, 'ivr-main', '2420/4570', 'CUSTOMER']);
    expect(c.ivrEnteredAt).not.toBeNull();
  });

  it('after-hours-deflection: deflected after hours, queue named but not entered', () => {
    const c = project('after-hours-deflection');
    expect(c).toMatchObject({
      deflectionReason: 'AFTER_HOURS',
      deflectionDetail: 'after_hours_message_only',
      deflectionChannel: 'WHATSAPP',
      queueId: 'q-support',
      queuedAt: null,
      queueEntries: 0,
      hangupSource: 'SYSTEM',
    });
  });

  it('transfer-with-hold: one 45 s hold, one transfer, initial and last agent, participants paired', () => {
    const c = project('transfer-with-hold');
    expect(c.holdEnds[0]! - c.holdStarts[0]!).toBe(45 * SECOND);
    expect(c.transfers.map((t) => [t.targetType, t.target, t.initiatorId])).toEqual([['AGENT', 'agent-0405', 'agent-0112']]);
    expect([c.agentId, c.lastAgentId, c.agents, c.teamId, c.teams]).toEqual([
      'agent-0112',
      'agent-0405',
      ['agent-0112', 'agent-0405'],
      'team-support',
      ['team-retention', 'team-support'],
    ]);
    expect(c.participants.map((p) => [p.participantId, p.leftAt! - p.joinedAt])).toEqual([
      ['leg-0112', 124 * SECOND],
      ['leg-0405', 312.5 * SECOND],
    ]);
    expect(c.participantLeaves).toEqual([]);
    expect([c.dispositionCode, c.phase, c.wrapUpEndedAt! - c.endedAt!]).toEqual(['RETAINED', 'ENDED', 45 * SECOND]);
  });

  it.each([
    ['outbound-busy', 'BUSY'],
    ['outbound-no-answer', 'NO_ANSWER'],
    ['outbound-voicemail', 'VOICEMAIL'],
  ] as const)('%s: an outbound attempt that reached no person (%s), ended', (name, result) => {
    const c = project(name);
    expect([c.direction, c.dialResult, c.dialAttempts, c.connectedAt, c.phase]).toEqual(['OUTBOUND', result, 1, null, 'ENDED']);
    expect(fold(name).status).toBe('ended');
  });

  it('outbound-voicemail: post-call sentiment not applicable', () => {
    expect(project('outbound-voicemail').sentiment).toBe('NOT_APPLICABLE');
  });

  it('campaign-predictive: predictive campaign connected to an agent, sale', () => {
    const c = project('campaign-predictive');
    expect([c.sessionType, c.dialMode, c.campaignId, c.agentId, c.teamId, c.queueId, c.dispositionCode]).toEqual([
      'VOICE_CAMPAIGN',
      'PREDICTIVE',
      'camp-renewals-2026q1',
      'agent-0520',
      'team-outbound',
      null,
      'SALE',
    ]);
  });

  it('ai-agent-supervisor-takeover: virtual answer, supervisor takes over, functions, tags, analysis, flag', () => {
    const c = project('ai-agent-supervisor-takeover');
    expect([c.flow, c.agentId, c.answerType, c.agents]).toEqual(['Utilities Inbound', 'va-utilities', 'VIRTUAL', ['sup-0003', 'va-utilities']]);
    expect(c.humanConnectedAt! - c.createdAt!).toBe(110 * SECOND);
    expect(c.supervisorActions.map((a) => a.action)).toEqual(['LISTEN_STARTED', 'COACHING_NOTE', 'TAKE_OVER']);
    expect(c.supervisorActions[1]!.note).toBe('Offer the outage credit before closing.');
    expect(c.functions.map((f) => [f.name, f.parametersJson])).toEqual([
      ['lookup_account', '{"phone":"+351916660009"}'],
      ['check_outage', '{"accountId":"ACC-5521"}'],
    ]);
    expect(c.tags.map((t) => `${t.key}=${t.value}`)).toEqual(['call_reason=outage', 'function_output.outage=true', 'issue=billing_credit', 'language=en']);
    expect([c.sentiment, c.emotions, c.reviewFlagged]).toEqual(['POSITIVE', ['curiosity', 'gratitude', 'relief'], true]);
    expect(c.summary).toContain('supervisor took over');
    expect(c.analysis).not.toBeNull();
  });

  it('chat-web: a chat with six messages and a CSAT', () => {
    const c = project('chat-web');
    expect([c.channel, c.companyNumber, c.contact, c.messageCount, c.csatScore, c.csatScaleMax]).toEqual(['CHAT', null, 'ana.sousa@example.com', 6, 4, 5]);
    expect(c.lastMessageAt! - c.createdAt!).toBe(160 * SECOND);
  });

  it('whatsapp-session: bot, then enqueued to humans by a supervisor, ended for no response', () => {
    const c = project('whatsapp-session');
    expect([c.channel, c.answerType, c.agentId, c.lastAgentId, c.queueId, c.messageCount]).toEqual(['WHATSAPP', 'VIRTUAL', 'va-whatsapp', 'agent-0640', 'q-whatsapp', 5]);
    expect(c.humanConnectedAt! - c.queuedAt!).toBe(39.5 * SECOND);
    expect([c.supervisorActions.map((a) => a.action), c.hangupSource, c.endReason]).toEqual([['ENQUEUE_HUMAN'], 'SYSTEM', 'customer_no_response']);
  });

  it('late-csat-sentiment: enrichment after the end updates the projection and bumps the version', () => {
    const events = loadFixture('late-csat-sentiment');
    const atEnd = foldEvents(events.slice(0, 5));
    const final = foldEvents(events.slice(5), atEnd);
    expect([atEnd.status, conversationOf(atEnd).version, conversationOf(atEnd).csatScore]).toEqual(['ended', 5, null]);
    const c = conversationOf(final);
    expect([final.status, c.version, c.csatScore, c.csatScaleMax, c.sentiment, c.emotions]).toEqual(['ended', 8, 2, 4, 'NEGATIVE', ['annoyance', 'confusion']]);
    expect(c.updatedAt! - c.endedAt!).toBe(7200 * SECOND);
  });

  it('erasure: nothing but the id, version, dedup set and erasure time is kept', () => {
    const state = fold('erasure');
    const c = conversationOf(state);
    expect(state.status).toBe('erased');
    expect([c.erased, c.version, c.seen.length, c.phase, c.customerName, c.contact, c.ticketId, c.agentId, c.createdAt]).toEqual([
      true,
      6,
      6,
      'ENDED',
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(c.erasedAt).toBe(Date.parse('2026-03-22T09:30:00.000Z'));
  });

  it('callback-scheduled: scheduled 30 min ahead, then dialed and answered', () => {
    const c = project('callback-scheduled');
    expect([c.sessionType, c.scheduledFor, c.scheduledAt! - c.createdAt!, c.queueId, c.dialMode]).toEqual([
      'VOICE_CALLBACK_WEB',
      Date.parse('2026-03-20T11:30:00.000Z'),
      1 * SECOND,
      'q-callbacks',
      'MANUAL',
    ]);
  });

  it('campaign-preview-failed: preview pending then ready, dial failed on an invalid number', () => {
    const c = project('campaign-preview-failed');
    expect([c.dialMode, c.previewState, c.failureReason, c.failureDetail, c.connectedAt]).toEqual(['PREVIEW', 'READY', 'INVALID_NUMBER', 'SIP 404 Not Found', null]);
    expect(c.assignedAt! - c.createdAt!).toBe(4 * SECOND);
    expect(fold('campaign-preview-failed').status).toBe('ended');
  });

  it('inbound-requeue-voicemail: requeued at priority 2, timed out, voicemail left', () => {
    const c = project('inbound-requeue-voicemail');
    expect([c.queueEntries, c.requeues, c.priority, c.lastQueueId, c.voicemailDurationMs]).toEqual([2, 1, 2, 'q-support', 28400]);
    expect(c.queueTimedOutAt! - c.queuedAt!).toBe(364 * SECOND);
    expect(c.voicemailUrl).toBe('https://recordings.example.com/2026/03/24/vm-55003.wav');
  });
});
