import { type Conversation } from '@callfold/contracts';
import { anywhere365Outcome, Anywhere365Outcome } from './anywhere365-outcome.vocabulary';
import { DetailedOutcome, detailedOutcome } from './detailed-outcome.vocabulary';
import { abandonedInQueue, answeredInbound, at, dialedOutbound, droppedInIvr, started } from './testing/conversation.fixtures';

const transferAt = (seconds: number) => ({ at: at(seconds), targetType: 'EXTERNAL' as const, target: '+15550100', initiatedBy: 'AGENT' as const, initiatorId: null });

/** One given per detailed outcome: [given, expected, conversation]. */
const cases: readonly (readonly [string, DetailedOutcome, Conversation])[] = [
  ['an answered call the customer hung up', 'Completed', answeredInbound()],
  ['an answered call transferred by the agent', 'Transferred', answeredInbound({ transfers: [transferAt(100)] })],
  ['an answered call that failed mid-call and never recovered', 'Failed', answeredInbound({ failedAt: at(100), failureReason: 'TECHNICAL' })],
  ['a call queued then sent to voicemail where the customer left a message', 'VoicemailReceived', abandonedInQueue({ voicemailReceivedAt: at(26) })],
  ['an outbound call that reached a voicemail machine', 'Voicemail', dialedOutbound({ dialResult: 'VOICEMAIL' })],
  ['an outbound call to a busy line', 'Busy', dialedOutbound({ dialResult: 'BUSY' })],
  ['an outbound call nobody picked up', 'NoAnswer', dialedOutbound({ dialResult: 'NO_ANSWER' })],
  ['an inbound call that failed to connect', 'Failed', droppedInIvr({ failedAt: at(5), failureReason: 'CONNECTION_ERROR' })],
  ['a call deflected after hours', 'Deflected', droppedInIvr({ deflectionReason: 'AFTER_HOURS', deflectedAt: at(3) })],
  ['a queued call transferred out to an external number before any agent', 'Transferred', abandonedInQueue({ transfers: [transferAt(25)] })],
  ['a queued call whose queue timed out', 'QueueTimeout', abandonedInQueue({ queueTimedOutAt: at(26), hangupSource: 'SYSTEM' })],
  ['a queued call no agent could be assigned to', 'AssignmentFailed', abandonedInQueue({ assignmentFailedAt: at(21), hangupSource: 'SYSTEM' })],
  ['a queued call the customer hung up', 'Abandoned', abandonedInQueue()],
  ['an inbound call dropped in the IVR', 'IvrDrop', droppedInIvr()],
  ['an outbound call that ended unanswered without a dial result', 'NoAnswer', dialedOutbound()],
  ['a call still waiting in queue', 'InProgress', abandonedInQueue({ endedAt: null, phase: 'QUEUED' })],
];

describe('detailedOutcome', () => {
  it.each(cases)('given %s, when classified, then %s', (_given, expected, conversation) => {
    expect(detailedOutcome(conversation)).toBe(expected);
  });

  it('given the cases above, when their outcomes are collected, then every detailed outcome is covered', () => {
    expect(new Set(cases.map(([, outcome]) => outcome))).toEqual(new Set(DetailedOutcome));
  });

  it('given a failure before an agent connected and the call then completed, when classified, then Completed (recovered)', () => {
    expect(detailedOutcome(answeredInbound({ failedAt: at(30) }))).toBe('Completed');
  });

  it('given a transfer before acceptance (IVR to an agent) and none after, when classified, then Completed', () => {
    expect(detailedOutcome(answeredInbound({ transfers: [transferAt(10)] }))).toBe('Completed');
  });

  it('given an AI agent call a supervisor took over for good, when classified, then Transferred', () => {
    const call = answeredInbound({
      answerType: 'VIRTUAL',
      supervisorActions: [{ at: at(90), action: 'TAKE_OVER', supervisorId: 'sup-1', note: null, queueId: null }],
    });
    expect(detailedOutcome(call)).toBe('Transferred');
  });

  it('given an inbound call carrying a stray dial result, when classified, then dial results are ignored (outbound only)', () => {
    expect(detailedOutcome(droppedInIvr({ dialResult: 'BUSY' }))).toBe('IvrDrop');
  });

  it('given a voicemail left and a failure, when classified, then VoicemailReceived wins', () => {
    expect(detailedOutcome(droppedInIvr({ voicemailReceivedAt: at(10), failedAt: at(12) }))).toBe('VoicemailReceived');
  });

  it('given a queue timeout and an assignment failure, when classified, then QueueTimeout wins', () => {
    expect(detailedOutcome(abandonedInQueue({ queueTimedOutAt: at(26), assignmentFailedAt: at(21) }))).toBe('QueueTimeout');
  });
});

describe('anywhere365Outcome', () => {
  it('given an answered call, when classified, then Accepted', () => {
    expect(anywhere365Outcome(answeredInbound())).toBe('Accepted');
  });

  it('given a call accepted and still live, when classified, then Accepted already', () => {
    expect(anywhere365Outcome(answeredInbound({ endedAt: null, phase: 'CONNECTED' }))).toBe('Accepted');
  });

  it('given a call put straight through to an agent without a queue, when classified, then Accepted', () => {
    expect(anywhere365Outcome(answeredInbound({ queuedAt: null, queueId: null }))).toBe('Accepted');
  });

  it('given an outbound call the customer answered, when classified, then Accepted', () => {
    expect(anywhere365Outcome(dialedOutbound({ connectedAt: at(12), answerType: 'HUMAN', agentId: 'agent-ana' }))).toBe('Accepted');
  });

  it('given an AI agent answering, when classified, then Accepted', () => {
    expect(anywhere365Outcome(started({ connectedAt: at(1), answerType: 'VIRTUAL', endedAt: at(90) }))).toBe('Accepted');
  });

  it('given a queued call the customer hung up, when classified, then Abandoned', () => {
    expect(anywhere365Outcome(abandonedInQueue())).toBe('Abandoned');
  });

  it('given a queued call that timed out, when classified, then Abandoned (the detailed outcome says why)', () => {
    expect(anywhere365Outcome(abandonedInQueue({ queueTimedOutAt: at(26) }))).toBe('Abandoned');
  });

  it('given a call dropped in the IVR, when classified, then IvrDrop', () => {
    expect(anywhere365Outcome(droppedInIvr())).toBe('IvrDrop');
  });

  it('given an outbound call nobody answered, when classified, then IvrDrop (ended before any queue or agent)', () => {
    expect(anywhere365Outcome(dialedOutbound({ dialResult: 'NO_ANSWER' }))).toBe('IvrDrop');
  });

  it('given a call still waiting in queue, when classified, then undecided (null)', () => {
    expect(anywhere365Outcome(abandonedInQueue({ endedAt: null }))).toBeNull();
  });

  it('given the vocabulary, when listed, then it is the three seed values', () => {
    expect(Anywhere365Outcome).toEqual(['Accepted', 'Abandoned', 'IvrDrop']);
  });
});
