import { simulateScenario } from '../simulation/simulate-scenario';
import { fold } from '../testing/fold';

/** Scenario-specific facts beyond the outcome: what makes each family realistic. */

const folded = (name: string, ordinal = 0) => fold(simulateScenario(name, { seed: 21, ordinal }).events);

describe('scenario facts', () => {
  it('given a quick drop, when folded, then the caller left the queue within 5 s and hung up themself', () => {
    for (let ordinal = 0; ordinal < 20; ordinal++) {
      const { row } = folded('abandon.quick-drop', ordinal);
      expect(row?.hangupSource).toBe('CUSTOMER');
      expect(row?.waitMs).toBeLessThanOrEqual(5_000);
      expect(row?.queued).toBe(true);
      expect(row?.shortAbandoned).toBe(true);
    }
  });

  it('given an IVR journey, when folded, then the menu path and its materialised id are kept', () => {
    const { conversation } = folded('inbound.answered-in-sla');
    expect(conversation.ivrId).toBe('ivr-main');
    expect(conversation.menuPath).toMatch(/^Main > \w+ > /);
    expect(conversation.menuPathId).toMatch(/^2420\/\d+\/\d+$/);
  });

  it('given offers missed then answered, when folded, then at least one offer was missed and the wait exceeds the SLA', () => {
    const { conversation, row } = folded('inbound.offer-missed-then-answered');
    expect(conversation.offersMissed).toBe(1);
    expect(row?.waitMs).toBeGreaterThan(20_000);
  });

  it('given the enriched call, when folded, then every late fact is there', () => {
    const { conversation } = folded('inbound.answered-enriched');
    expect(conversation.csatScaleMax).toBe(4);
    expect(conversation.csatScore).toBeGreaterThanOrEqual(1);
    expect(conversation.sentiment).not.toBeNull();
    expect(conversation.summary).not.toBeNull();
    expect(conversation.reviewFlagged).toBe(true);
    expect(conversation.ticketId).toMatch(/^TCK-\d+$/);
    expect(conversation.ticketUrl).toBe(`https://crm.example.com/cases/${conversation.ticketId}`);
    if (conversation.recordingPermission !== 'DENIED') expect(conversation.recordingUrl).toBe(`https://recordings.example.com/calls/${conversation.conversationId}.wav`);
  });

  it('given late enrichment, when delivered, then the analytics batch arrives about 15 minutes after the end', () => {
    const c = simulateScenario('inbound.answered-enriched', { seed: 21 });
    const endedAt = c.events.find((e) => e.type === 'Ended')!.occurredAt;
    const summaryAt = c.emitAt[c.emission.findIndex((e) => e.type === 'SummaryProduced')]!;
    expect(summaryAt - endedAt).toBeGreaterThanOrEqual(0.8 * 900_000);
    expect(summaryAt - endedAt).toBeLessThanOrEqual(1.2 * 900_000 + 120_000);
  });

  it('given a warm transfer, when folded, then two agents, one hold, one transfer to the second agent', () => {
    const { conversation, row } = folded('transfer.to-agent-with-hold');
    expect(conversation.agents).toHaveLength(2);
    expect(conversation.transfers[0]).toMatchObject({ targetType: 'AGENT', target: conversation.lastAgentId, initiatedBy: 'AGENT', initiatorId: conversation.agentId });
    expect(row?.holdCount).toBeGreaterThanOrEqual(1);
    expect(conversation.participants.every((p) => p.leftAt !== null)).toBe(true);
  });

  it('given a queue transfer, when folded, then the call entered two different queues', () => {
    const { conversation, row } = folded('transfer.to-queue');
    expect(row?.queueEntries).toBe(2);
    expect(conversation.lastQueueId).not.toBe(conversation.queueId);
    expect(row?.holdCount).toBeGreaterThanOrEqual(1);
  });

  it('given a conference, when folded, then three participants joined and left, including a third party', () => {
    const { conversation } = folded('transfer.conference');
    expect(conversation.participants).toHaveLength(3);
    expect(conversation.participants.map((p) => p.role).sort()).toEqual(['AGENT', 'AGENT', 'EXTERNAL']);
  });

  it('given a busy outbound call, when folded, then the dial result is BUSY with one manual attempt', () => {
    const { conversation, row } = folded('outbound.busy');
    expect(conversation.dialResult).toBe('BUSY');
    expect(conversation.dialMode).toBe('MANUAL');
    expect(conversation.dialAttempts).toBe(1);
    expect(row?.detailedOutcome).toBe('Busy');
    expect(row?.direction).toBe(2);
  });

  it('given a preview campaign call, when folded, then it went through the preview states and is tied to its campaign', () => {
    const { conversation } = folded('campaign.preview-answered');
    expect(conversation.previewState).toBe('READY');
    expect(conversation.dialMode).toBe('PREVIEW');
    expect(conversation.campaignId).toMatch(/^camp-/);
    expect(conversation.sessionType).toBe('VOICE_CAMPAIGN');
  });

  it('given an AI-agent call, when folded, then a virtual agent answered and functions ran with JSON parameters', () => {
    const { conversation, row } = folded('ai-agent.resolved');
    expect(row?.answerType).toBe('VIRTUAL');
    expect(conversation.functions.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(conversation.functions[0]!.parametersJson)).toHaveProperty('phone');
    expect(conversation.tags.map((t) => t.key)).toEqual(expect.arrayContaining(['call_reason', 'language', 'issue']));
    expect(conversation.sentiment).not.toBeNull();
    expect(conversation.summary).not.toBeNull();
  });

  it('given a supervisor take-over handed back, when folded, then the actions are recorded in order and the AI finished', () => {
    const { conversation } = folded('ai-agent.supervisor-hand-back');
    expect(conversation.supervisorActions.map((a) => a.action)).toEqual(['LISTEN_STARTED', 'COACHING_NOTE', 'TAKE_OVER', 'HAND_BACK', 'LISTEN_STOPPED']);
    expect(conversation.supervisorActions[1]?.note).toBe('Offer the outage credit before closing.');
  });

  it('given an AI transfer to the human queue, when folded, then a human connected after the virtual agent', () => {
    const { conversation, row } = folded('ai-agent.transfer-to-human');
    expect(conversation.answerType).toBe('VIRTUAL');
    expect(row?.humanAcceptTimestamp).toBeGreaterThan(row!.acceptTimestamp!);
    expect(conversation.transfers[0]).toMatchObject({ targetType: 'QUEUE', initiatedBy: 'VIRTUAL_AGENT' });
  });

  it.each([
    ['messaging.web-chat', 'CHAT', 'CHAT_WEB'],
    ['messaging.sms-inbound', 'SMS', 'CHAT_SMS_INBOUND'],
    ['messaging.whatsapp', 'WHATSAPP', 'CHAT_WHATSAPP'],
  ])('given %s, when folded, then a %s session with at least 5 messages', (name, channel, sessionType) => {
    const { conversation } = folded(name);
    expect(conversation.channel).toBe(channel);
    expect(conversation.sessionType).toBe(sessionType);
    expect(conversation.messageCount).toBeGreaterThanOrEqual(5);
    expect(conversation.lastMessageAt).not.toBeNull();
  });

  it('given a web chat, when folded, then the contact is an email and there is no company number (seed 001)', () => {
    const { conversation } = folded('messaging.web-chat');
    expect(conversation.contact).toMatch(/@example\.com$/);
    expect(conversation.companyNumber).toBeNull();
  });

  it('given a recovered call, when folded, then the failure is kept but a second agent completed it after a requeue', () => {
    const { conversation, row } = folded('failure.recovered-after-requeue');
    expect(conversation.failureReason).toBe('CONNECTION_ERROR');
    expect(row?.requeues).toBe(1);
    expect(row?.detailedOutcome).toBe('Completed');
  });

  it('given a scheduled callback, when folded, then it was planned 15 min to 2 h ahead and queued at that time', () => {
    const { conversation } = folded('callback.scheduled-answered');
    const ahead = conversation.scheduledFor! - conversation.createdAt!;
    expect([15, 30, 60, 120].map((m) => m * 60_000)).toContain(ahead);
    expect(conversation.queuedAt).toBeGreaterThan(conversation.scheduledFor!);
  });

  it('given an after-hours call, when folded, then the deflection carries the source code', () => {
    const { conversation } = folded('routing.after-hours');
    expect(conversation.deflectionReason).toBe('AFTER_HOURS');
    expect(conversation.deflectionDetail).toBe('after_hours_message_only');
    expect(conversation.queuedAt).toBeNull();
  });
});
