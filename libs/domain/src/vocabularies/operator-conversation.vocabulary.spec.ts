import { type Conversation, Sentiment } from '@callfold/contracts';
import {
  operatorDirection,
  OperatorSentiment,
  operatorSentiment,
  OperatorStatus,
  operatorStatus,
  operatorTransferred,
  toOperatorConversation,
} from './operator-conversation.vocabulary';
import { abandonedInQueue, answeredInbound, at, dialedOutbound, droppedInIvr, started } from './testing/conversation.fixtures';

const aiCall = (overrides: Partial<Conversation> = {}): Conversation =>
  started({ connectedAt: at(1), answerType: 'VIRTUAL', agentId: 'operator', endedAt: at(120), hangupSource: 'CUSTOMER', phase: 'ENDED', ...overrides });

const statusCases: readonly (readonly [string, OperatorStatus, Conversation])[] = [
  ['an inbound call the Operator has not started talking on', 'queued', started({ phase: 'CREATED' })],
  ['an outbound call dialing, not yet picked up', 'queued', dialedOutbound({ endedAt: null, phase: 'DIALING' })],
  ['a call the Operator is talking on', 'in-progress', aiCall({ endedAt: null, phase: 'VA_CONNECTED' })],
  ['a call the customer hung up after talking', 'completed', aiCall()],
  ['a call the Operator transferred to a downstream agent', 'completed', aiCall({ transfers: [{ at: at(60), targetType: 'EXTERNAL', target: '+15550100', initiatedBy: 'VIRTUAL_AGENT', initiatorId: null }] })],
  ['an inbound call the customer hung up before anyone talked', 'completed', droppedInIvr()],
  ['an inbound call that left a voicemail', 'completed', droppedInIvr({ voicemailReceivedAt: at(10) })],
  ['a call to an invalid number', 'failed', dialedOutbound({ failedAt: at(2), failureReason: 'INVALID_NUMBER' })],
  ['an outbound call to a busy line', 'busy', dialedOutbound({ dialResult: 'BUSY' })],
  ['an outbound call nobody answered', 'no-answer', dialedOutbound({ dialResult: 'NO_ANSWER' })],
  ["an outbound call that reached the customer's voicemail", 'voicemail', dialedOutbound({ dialResult: 'VOICEMAIL' })],
  ['an outbound call where a voicemail was recorded', 'voicemail', dialedOutbound({ voicemailReceivedAt: at(25) })],
];

describe('operatorStatus (seed 000 Status)', () => {
  it.each(statusCases)('given %s, when mapped, then %s', (_given, expected, conversation) => {
    expect(operatorStatus(conversation)).toBe(expected);
  });

  it('given the cases above, when collected, then every Operator status is produced', () => {
    expect(new Set(statusCases.map(([, status]) => status))).toEqual(new Set(OperatorStatus));
  });

  it('given a queued call that timed out, when mapped, then completed (somebody hung up; no connection error)', () => {
    expect(operatorStatus(abandonedInQueue({ queueTimedOutAt: at(26) }))).toBe('completed');
  });
});

describe('operatorDirection (seed 000 Direction)', () => {
  it('given an inbound conversation, when mapped, then inbound', () => {
    expect(operatorDirection('INBOUND')).toBe('inbound');
  });

  it('given an outbound conversation, when mapped, then outbound', () => {
    expect(operatorDirection('OUTBOUND')).toBe('outbound');
  });

  it('given no direction known yet, when mapped, then null', () => {
    expect(operatorDirection(null)).toBeNull();
  });
});

describe('operatorTransferred (seed 000 Transferred)', () => {
  it('given a live transfer, when mapped, then true', () => {
    const call = aiCall({ transfers: [{ at: at(60), targetType: 'AGENT', target: 'agent-ana', initiatedBy: 'VIRTUAL_AGENT', initiatorId: null }] });
    expect(operatorTransferred(call)).toBe(true);
  });

  it('given a supervisor Enqueue to the human queue, when mapped, then true', () => {
    const call = aiCall({ supervisorActions: [{ at: at(60), action: 'ENQUEUE_HUMAN', supervisorId: 'sup-1', note: null, queueId: 'q-human' }] });
    expect(operatorTransferred(call)).toBe(true);
  });

  it('given no hand-off, when mapped, then false', () => {
    expect(operatorTransferred(answeredInbound())).toBe(false);
  });
});

describe('operatorSentiment (seed 000 Sentiment)', () => {
  it.each([
    ['NOT_APPLICABLE', 'not-applicable'],
    ['OVERLY_NEGATIVE', 'overly-negative'],
    ['NEGATIVE', 'negative'],
    ['NEUTRAL', 'neutral'],
    ['POSITIVE', 'positive'],
    ['OVERLY_POSITIVE', 'overly-positive'],
  ] as const)('given sentiment %s, when mapped, then %s', (sentiment, expected) => {
    expect(operatorSentiment(sentiment)).toBe(expected);
  });

  it('given every callfold sentiment, when mapped, then the six Operator levels come out', () => {
    expect(new Set(Sentiment.map(operatorSentiment))).toEqual(new Set(OperatorSentiment));
  });

  it('given no analysis yet, when mapped, then null', () => {
    expect(operatorSentiment(null)).toBeNull();
  });
});

describe('toOperatorConversation', () => {
  it('given an analysed inbound AI call, when mapped, then the whole record', () => {
    expect(toOperatorConversation(aiCall({ sentiment: 'POSITIVE' }))).toEqual({
      id: 'c1',
      direction: 'inbound',
      status: 'completed',
      transferred: false,
      sentiment: 'positive',
    });
  });
});
