import { detailedOutcome } from '@callfold/domain';
import { simulateScenario } from '../simulation/simulate-scenario';
import { fold } from '../testing/fold';
import { SCENARIOS } from './catalogue';

/**
 * The oracle, written out by hand (not read from the catalogue): what folding each scenario's
 * events gives under the default thresholds (SLA 20 s, QuickDrop 5 s on the queue clock).
 * `-` = not promised for that scenario.
 */
type Row = readonly [name: string, detailed: string, outcome: string | null, inSla: boolean | null | '-', quickDrop: boolean | null | '-', minTransfers: number];
const ORACLE: readonly Row[] = [
  ['inbound.answered-in-sla', 'Completed', 'Accepted', true, null, 0],
  ['inbound.answered-late', 'Completed', 'Accepted', false, null, 0],
  ['inbound.offer-missed-then-answered', 'Completed', 'Accepted', false, null, 0],
  ['inbound.answered-enriched', 'Completed', 'Accepted', true, null, 0],
  ['inbound.direct-to-agent', 'Completed', 'Accepted', true, null, 0],
  ['abandon.quick-drop', 'Abandoned', 'Abandoned', null, true, 0],
  ['abandon.long-wait', 'Abandoned', 'Abandoned', null, false, 0],
  ['abandon.while-ringing', 'Abandoned', 'Abandoned', null, false, 0],
  ['abandon.ivr-drop', 'IvrDrop', 'IvrDrop', null, null, 0],
  ['routing.after-hours', 'Deflected', 'IvrDrop', null, null, 0],
  ['routing.queue-full', 'Deflected', 'IvrDrop', null, null, 0],
  ['routing.queue-timeout', 'QueueTimeout', 'Abandoned', null, false, 0],
  ['routing.assignment-failed', 'AssignmentFailed', 'Abandoned', null, false, 0],
  ['routing.voicemail-after-timeout', 'VoicemailReceived', 'Abandoned', null, false, 0],
  ['transfer.to-agent-with-hold', 'Transferred', 'Accepted', '-', null, 1],
  ['transfer.to-queue', 'Transferred', 'Accepted', '-', null, 1],
  ['transfer.blind-external', 'Transferred', 'Accepted', '-', null, 1],
  ['transfer.conference', 'Completed', 'Accepted', '-', null, 0],
  ['outbound.busy', 'Busy', 'IvrDrop', null, null, 0],
  ['outbound.no-answer', 'NoAnswer', 'IvrDrop', null, null, 0],
  ['outbound.voicemail', 'Voicemail', 'IvrDrop', null, null, 0],
  ['outbound.answered', 'Completed', 'Accepted', true, null, 0],
  ['campaign.predictive-answered', 'Completed', 'Accepted', true, null, 0],
  ['campaign.progressive-answered', 'Completed', 'Accepted', true, null, 0],
  ['campaign.preview-answered', 'Completed', 'Accepted', true, null, 0],
  ['campaign.progressive-no-answer', 'NoAnswer', 'IvrDrop', null, null, 0],
  ['campaign.predictive-voicemail', 'Voicemail', 'IvrDrop', null, null, 0],
  ['ai-agent.resolved', 'Completed', 'Accepted', true, null, 0],
  ['ai-agent.transfer-to-human', 'Transferred', 'Accepted', '-', null, 1],
  ['ai-agent.supervisor-hand-back', 'Completed', 'Accepted', true, null, 0],
  ['ai-agent.supervisor-enqueue', 'Transferred', 'Accepted', '-', null, 0],
  ['ai-agent.supervisor-take-over', 'Transferred', 'Accepted', '-', null, 0],
  ['messaging.web-chat', 'Completed', 'Accepted', '-', null, 0],
  ['messaging.sms-inbound', 'Completed', 'Accepted', '-', null, 0],
  ['messaging.whatsapp', 'Completed', 'Accepted', '-', null, 0],
  ['messaging.chat-abandoned', 'Abandoned', 'Abandoned', null, false, 0],
  ['messaging.sms-outbound', 'Completed', 'Accepted', true, null, 0],
  ['failure.invalid-number', 'Failed', 'IvrDrop', null, null, 0],
  ['failure.dropped-mid-call', 'Failed', 'Accepted', '-', null, 0],
  ['failure.ivr-platform-error', 'Failed', 'IvrDrop', null, null, 0],
  ['failure.recovered-after-requeue', 'Completed', 'Accepted', '-', null, 0],
  ['callback.scheduled-answered', 'Completed', 'Accepted', '-', null, 0],
  ['callback.scheduled-no-answer', 'NoAnswer', 'Abandoned', null, false, 0],
];

/** Ordinals give each scenario independent draws: 30 variants of every scenario. */
const VARIANTS = Array.from({ length: 30 }, (_, i) => i);

describe('scenario outcomes (folded with foldEvents, row from toDialogueRow)', () => {
  it('covers every scenario of the catalogue except erasure, which has no row', () => {
    const names = SCENARIOS.filter((s) => !s.expected.erased).map((s) => s.name);
    expect(ORACLE.map(([name]) => name).sort()).toEqual([...names].sort());
  });

  it.each(ORACLE)('given %s, when its events are folded, then detailed outcome %s / outcome %s, InSLA %s, QuickDrop %s', (name, detailed, outcome, inSla, quickDrop, minTransfers) => {
    for (const ordinal of VARIANTS) {
      const { events } = simulateScenario(name, { seed: 11, ordinal });
      const { state, conversation, row } = fold(events);
      expect(state.status).toBe('ended');
      expect(detailedOutcome(conversation)).toBe(detailed);
      expect(row?.outcome).toBe(outcome);
      if (inSla !== '-') expect(row?.inSla).toBe(inSla);
      if (quickDrop !== '-') expect(row?.quickDrop).toBe(quickDrop);
      expect(row?.transferCount).toBeGreaterThanOrEqual(minTransfers);
    }
  });

  it("agrees with each scenario's declared expectation (the summary's outcome counts use it)", () => {
    for (const [name, detailed, outcome, inSla, quickDrop, minTransfers] of ORACLE) {
      const { expected } = SCENARIOS.find((s) => s.name === name)!;
      expect({ name, detailed: expected.detailedOutcome, outcome: expected.outcome }).toEqual({ name, detailed, outcome });
      if (expected.inSla !== undefined) expect([name, expected.inSla]).toEqual([name, inSla]);
      if (expected.quickDrop !== undefined) expect([name, expected.quickDrop]).toEqual([name, quickDrop]);
      expect([name, expected.minTransfers ?? 0]).toEqual([name, minTransfers]);
    }
  });

  it('given the erasure scenario, when folded, then the conversation is erased and has no dialogue row', () => {
    for (const ordinal of VARIANTS) {
      const { state, conversation, row } = fold(simulateScenario('erasure.after-answered-call', { seed: 11, ordinal }).events);
      expect(state.status).toBe('erased');
      expect(conversation.erased).toBe(true);
      expect(conversation.csatScore).toBeNull();
      expect(row).toBeNull();
    }
  });

  it('given every scenario, when folded, then direction and channel are the declared ones', () => {
    for (const scenario of SCENARIOS.filter((s) => !s.expected.erased)) {
      const { conversation } = fold(simulateScenario(scenario.name, { seed: 5 }).events);
      expect([scenario.name, conversation.direction, conversation.channel]).toEqual([scenario.name, scenario.expected.direction, scenario.expected.channel]);
    }
  });
});
