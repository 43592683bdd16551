import { hash53 } from '../shared/hash53';
import { abandonedInQueue, answeredInbound, at, dialedOutbound, droppedInIvr, started, T0 } from '../vocabularies/testing/conversation.fixtures';
import { toDialogueRow } from './dialogue.row';
import { type Thresholds, thresholdPolicy } from './threshold-policy';

const defaults: Thresholds = { slaThresholdMs: 20_000, quickDropThresholdMs: 5_000, quickDropClock: 'queue' };
const policy = thresholdPolicy({ defaults });
const withDefaults = (overrides: Partial<Thresholds>) => thresholdPolicy({ defaults: { ...defaults, ...overrides } });

describe('toDialogueRow: the row', () => {
  it('given an answered inbound call, when mapped, then every column', () => {
    expect(toDialogueRow(answeredInbound(), policy)).toEqual({
      id: 'c1',
      orderNumber: String(hash53('c1')),
      startDate: '2025-03-14',
      startTimestamp: T0,
      queueEnterTimestamp: at(20),
      acceptTimestamp: at(40),
      endTimestamp: at(160),
      ivrDurationInSec: 20,
      queueDurationInSec: 20,
      initialTalkDurationInSec: 120,
      sessionDurationInSec: 160,
      ivrDurationMs: 20_000,
      queueDurationMs: 20_000,
      initialTalkDurationMs: 120_000,
      sessionDurationMs: 160_000,
      ivrId: 'ivr-main',
      queueId: 'q-billing',
      customerId: 'cust-7',
      agentId: 'agent-ana',
      direction: 1,
      outcome: 'Accepted',
      inSla: true,
      quickDrop: null,
      detailedOutcome: 'Completed',
      queued: true,
      waitMs: 20_000,
      answeredWithinThreshold: true,
      abandoned: false,
      shortAbandoned: false,
      flowOut: false,
      abandonedWithinThreshold: false,
      abandonPhase: null,
      hangupSource: 'CUSTOMER',
      channel: 'VOICE',
      sessionType: 'VOICE_INBOUND_PSTN',
      answerType: 'HUMAN',
      humanAcceptTimestamp: at(40),
      holdCount: 0,
      holdTotalMs: 0,
      wrapUpMs: 30_000,
      handleMs: 150_000,
      transferCount: 0,
      queueEntries: 1,
      requeues: 0,
      lastQueueId: 'q-billing',
      lastAgentId: 'agent-ana',
      slaThresholdMs: 20_000,
      quickDropThresholdMs: 5_000,
      quickDropClock: 'queue',
      version: 12,
    });
  });

  it('given an erased conversation, when mapped, then no row', () => {
    expect(toDialogueRow(answeredInbound({ erased: true }), policy)).toBeNull();
  });

  it('given a conversation whose SessionCreated has not arrived, when mapped, then no row', () => {
    expect(toDialogueRow(abandonedInQueue({ createdAt: null }), policy)).toBeNull();
  });

  it('given a source-issued order number, when mapped, then it is the row reference', () => {
    expect(toDialogueRow(answeredInbound({ orderNumber: '20250314-0042' }), policy)?.orderNumber).toBe('20250314-0042');
  });
});

describe('toDialogueRow: InSLA (Accepted only)', () => {
  it('given a wait of exactly the SLA threshold, when mapped, then in SLA (within = at most)', () => {
    expect(toDialogueRow(answeredInbound(), policy)).toMatchObject({ inSla: true, quickDrop: null, answeredWithinThreshold: true });
  });

  it('given a wait 1 ms over the threshold, when mapped, then not in SLA', () => {
    expect(toDialogueRow(answeredInbound({ connectedAt: at(40.001) }), policy)).toMatchObject({ inSla: false, waitMs: 20_001, answeredWithinThreshold: false });
  });

  it('given a call put straight through to an agent, when mapped, then no queue, wait 0 and in SLA', () => {
    const row = toDialogueRow(answeredInbound({ queuedAt: null, queueId: null, queueEntries: 0 }), policy);
    expect(row).toMatchObject({ outcome: 'Accepted', queued: false, queueId: null, queueEnterTimestamp: null, queueDurationMs: null, waitMs: 0, inSla: true, ivrDurationMs: 40_000 });
  });

  it('given an AI agent that answered and a supervisor Enqueue to a human queue, when mapped, then accepted by the virtual agent, no initial queue, talk until the hand-off', () => {
    const call = started({
      phase: 'ENDED',
      connectedAt: at(2),
      answerType: 'VIRTUAL',
      agentId: 'ai-1',
      supervisorActions: [{ at: at(60), action: 'ENQUEUE_HUMAN', supervisorId: 'sup-1', note: null, queueId: 'q-human' }],
      queuedAt: at(61),
      queueId: 'q-human',
      humanConnectedAt: at(90),
      endedAt: at(300),
      hangupSource: 'CUSTOMER',
    });
    expect(toDialogueRow(call, policy)).toMatchObject({
      outcome: 'Accepted',
      detailedOutcome: 'Transferred',
      agentId: 'ai-1',
      answerType: 'VIRTUAL',
      queueId: null,
      waitMs: 0,
      inSla: true,
      initialTalkDurationMs: 58_000,
      humanAcceptTimestamp: at(90),
    });
  });

  it('given an answered call with the queue thresholds configured, when mapped, then they are applied and copied', () => {
    const perQueue = thresholdPolicy({
      defaults,
      rules: [{ queueId: 'q-billing', channel: 'VOICE', thresholds: { slaThresholdMs: 10_000, quickDropThresholdMs: 2_000, quickDropClock: 'system' } }],
    });
    expect(toDialogueRow(answeredInbound(), perQueue)).toMatchObject({ inSla: false, slaThresholdMs: 10_000, quickDropThresholdMs: 2_000, quickDropClock: 'system' });
  });
});

describe('toDialogueRow: QuickDrop (Abandoned only)', () => {
  it('given a customer who left after 7 s in queue, 8 s threshold on the queue clock, when mapped, then a quick drop', () => {
    expect(toDialogueRow(abandonedInQueue(), withDefaults({ quickDropThresholdMs: 8_000 }))).toMatchObject({
      outcome: 'Abandoned',
      inSla: null,
      quickDrop: true,
      shortAbandoned: true,
      abandoned: true,
      flowOut: false,
      waitMs: 7_000,
      queueDurationMs: 7_000,
      abandonPhase: 'QUEUE',
    });
  });

  it('given the same call on the system clock (27 s since the start), when mapped, then not a quick drop', () => {
    expect(toDialogueRow(abandonedInQueue(), withDefaults({ quickDropThresholdMs: 8_000, quickDropClock: 'system' }))).toMatchObject({ quickDrop: false, quickDropClock: 'system' });
  });

  it('given a wait longer than the threshold, when mapped, then not a quick drop', () => {
    expect(toDialogueRow(abandonedInQueue(), policy)).toMatchObject({ quickDrop: false, shortAbandoned: false });
  });

  it('given a quick disconnect by the system, when mapped, then not a quick drop (the seed counts the customer only)', () => {
    expect(toDialogueRow(abandonedInQueue({ hangupSource: 'SYSTEM' }), withDefaults({ quickDropThresholdMs: 8_000 }))?.quickDrop).toBe(false);
  });

  it('given an unknown hang-up side, when mapped, then not a quick drop', () => {
    expect(toDialogueRow(abandonedInQueue({ hangupSource: null }), withDefaults({ quickDropThresholdMs: 8_000 }))?.quickDrop).toBe(false);
  });

  it('given a customer who left within the SLA threshold, when mapped, then an abandon within threshold (Asterisk SL2)', () => {
    expect(toDialogueRow(abandonedInQueue(), policy)?.abandonedWithinThreshold).toBe(true);
  });

  it('given a queue timeout, when mapped, then abandoned through a flow-out, not a customer abandon', () => {
    expect(toDialogueRow(abandonedInQueue({ queueTimedOutAt: at(27), hangupSource: 'SYSTEM' }), policy)).toMatchObject({
      outcome: 'Abandoned',
      detailedOutcome: 'QueueTimeout',
      abandoned: true,
      flowOut: true,
      abandonedWithinThreshold: false,
      quickDrop: false,
      abandonPhase: null,
    });
  });

  it('given a customer who hung up while an agent was being alerted, when mapped, then abandoned while ringing', () => {
    expect(toDialogueRow(abandonedInQueue({ assignedAt: at(25) }), policy)?.abandonPhase).toBe('RINGING');
  });

  it('given an offer that was missed before the customer hung up, when mapped, then abandoned in queue', () => {
    expect(toDialogueRow(abandonedInQueue({ assignedAt: at(22), offersMissed: 1 }), policy)?.abandonPhase).toBe('QUEUE');
  });

  it('given a predictive campaign call answered by the customer but never given an agent, when mapped, then an outbound abandon', () => {
    const call = dialedOutbound({ sessionType: 'VOICE_CAMPAIGN', dialMode: 'PREDICTIVE', campaignId: 'camp-1', queuedAt: at(12), queueId: 'q-campaign', endedAt: at(14), hangupSource: 'CUSTOMER' });
    expect(toDialogueRow(call, policy)).toMatchObject({ direction: 2, outcome: 'Abandoned', quickDrop: true, waitMs: 2_000 });
  });
});

describe('toDialogueRow: IvrDrop and undecided', () => {
  it('given a call dropped in the IVR, when mapped, then both indicators are null and the IVR time is the whole call', () => {
    expect(toDialogueRow(droppedInIvr(), policy)).toMatchObject({
      outcome: 'IvrDrop',
      inSla: null,
      quickDrop: null,
      waitMs: null,
      ivrDurationMs: 15_000,
      queueDurationMs: null,
      initialTalkDurationMs: null,
      abandonPhase: 'IVR',
    });
  });

  it('given an outbound call nobody answered, when mapped, then IvrDrop with NoAnswer as the detail', () => {
    expect(toDialogueRow(dialedOutbound({ dialResult: 'NO_ANSWER' }), policy)).toMatchObject({ outcome: 'IvrDrop', detailedOutcome: 'NoAnswer', direction: 2, abandonPhase: null });
  });

  it('given a call still waiting in queue, when mapped, then the outcome is undecided and nothing ends yet', () => {
    expect(toDialogueRow(abandonedInQueue({ endedAt: null, phase: 'QUEUED' }), policy)).toMatchObject({
      outcome: null,
      inSla: null,
      quickDrop: null,
      detailedOutcome: 'InProgress',
      endTimestamp: null,
      waitMs: null,
      queueDurationMs: null,
      sessionDurationMs: null,
    });
  });
});

describe('toDialogueRow: holds, transfers, ordering', () => {
  it('given two holds and a transfer at 100 s, when mapped, then hold totals, transfer count and initial talk until the transfer', () => {
    const call = answeredInbound({
      holdStarts: [at(50), at(120)],
      holdEnds: [at(60), at(125)],
      transfers: [{ at: at(100), targetType: 'AGENT', target: 'agent-bo', initiatedBy: 'AGENT', initiatorId: 'agent-ana' }],
      lastAgentId: 'agent-bo',
    });
    expect(toDialogueRow(call, policy)).toMatchObject({
      detailedOutcome: 'Transferred',
      holdCount: 2,
      holdTotalMs: 15_000,
      transferCount: 1,
      initialTalkDurationMs: 60_000,
      agentId: 'agent-ana',
      lastAgentId: 'agent-bo',
    });
  });

  it('given a queue entry stamped 300 ms before SessionCreated, when mapped, then the start moves back and no duration is negative', () => {
    const row = toDialogueRow(abandonedInQueue({ ivrEnteredAt: null, queuedAt: at(-0.3) }), policy);
    expect(row).toMatchObject({ startTimestamp: at(-0.3), queueEnterTimestamp: at(-0.3), ivrDurationMs: 0, startDate: '2025-03-14' });
  });
});
