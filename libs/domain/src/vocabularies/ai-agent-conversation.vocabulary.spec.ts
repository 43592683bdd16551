import { Channel, type Conversation } from '@callfold/contracts';
import {
  AiAgentPlatform,
  aiAgentPlatform,
  AiAgentStatus,
  aiAgentStatus,
  toAiAgentConversation,
} from './ai-agent-conversation.vocabulary';
import { abandonedInQueue, at, dialedOutbound, droppedInIvr, started, T0 } from './testing/conversation.fixtures';

const aiCall = (overrides: Partial<Conversation> = {}): Conversation =>
  started({ flow: 'Utilities Inbound', connectedAt: at(1), answerType: 'VIRTUAL', agentId: 'ai-1', endedAt: at(95), hangupSource: 'CUSTOMER', phase: 'ENDED', ...overrides });

const statusCases: readonly (readonly [string, AiAgentStatus, Conversation])[] = [
  ['a conversation the AI agent handled to the end', 'Completed', aiCall()],
  ['a caller who hung up in the menu before the AI agent took the call', 'Abandoned', droppedInIvr()],
  ['a caller who left the queue before any agent', 'Abandoned', abandonedInQueue()],
  ['a call that broke down technically', 'Failed', aiCall({ failedAt: at(50), failureReason: 'TECHNICAL' })],
  ['a call handed to a human by the AI agent', 'Transferred', aiCall({ transfers: [{ at: at(60), targetType: 'QUEUE', target: 'q-human', initiatedBy: 'VIRTUAL_AGENT', initiatorId: null }] })],
];

describe('aiAgentStatus (seed 002 Status)', () => {
  it.each(statusCases)('given %s, when mapped, then %s', (_given, expected, conversation) => {
    expect(aiAgentStatus(conversation)).toBe(expected);
  });

  it('given the cases above, when collected, then every status is produced', () => {
    expect(new Set(statusCases.map(([, status]) => status))).toEqual(new Set(AiAgentStatus));
  });

  it('given a supervisor Enqueue to the human queue, when mapped, then Transferred', () => {
    const call = aiCall({ supervisorActions: [{ at: at(40), action: 'ENQUEUE_HUMAN', supervisorId: 'sup-1', note: null, queueId: 'q-human' }] });
    expect(aiAgentStatus(call)).toBe('Transferred');
  });

  it('given a supervisor who took over and handed back, when mapped, then Completed', () => {
    const call = aiCall({
      supervisorActions: [
        { at: at(40), action: 'TAKE_OVER', supervisorId: 'sup-1', note: null, queueId: null },
        { at: at(50), action: 'HAND_BACK', supervisorId: 'sup-1', note: null, queueId: null },
      ],
    });
    expect(aiAgentStatus(call)).toBe('Completed');
  });

  it('given an outbound AI call nobody answered, when mapped, then Failed (unsuccessful for other reasons)', () => {
    expect(aiAgentStatus(dialedOutbound({ dialResult: 'NO_ANSWER' }))).toBe('Failed');
  });

  it('given a call deflected after hours, when mapped, then Failed', () => {
    expect(aiAgentStatus(droppedInIvr({ deflectionReason: 'AFTER_HOURS' }))).toBe('Failed');
  });

  it('given a live conversation, when mapped, then no status yet', () => {
    expect(aiAgentStatus(aiCall({ endedAt: null, phase: 'VA_CONNECTED' }))).toBeNull();
  });
});

describe('aiAgentPlatform (seed 002 Platform)', () => {
  it.each([
    ['VOICE', 'Phone'],
    ['SMS', 'Phone'],
    ['WHATSAPP', 'Phone'],
    ['CHAT', 'Web'],
    ['WEB', 'Web'],
  ] as const)('given channel %s, when mapped, then %s', (channel, expected) => {
    expect(aiAgentPlatform(channel)).toBe(expected);
  });

  it('given every channel, when mapped, then both platforms are produced', () => {
    expect(new Set(Channel.map(aiAgentPlatform))).toEqual(new Set(AiAgentPlatform));
  });

  it('given no channel yet, when mapped, then null', () => {
    expect(aiAgentPlatform(null)).toBeNull();
  });
});

describe('toAiAgentConversation', () => {
  it('given a flagged AI call with functions and tags, when mapped, then the table and details fields', () => {
    const fn = { at: at(20), name: 'lookup_bill', parametersJson: '{"account":"7"}', outputJson: '{"due":42}', succeeded: true };
    const call = aiCall({
      contact: '+15550123',
      customerId: 'cust-7',
      lastMessageAt: at(94),
      reviewFlagged: true,
      functions: [fn],
      tags: [{ key: 'call_reason', value: 'billing' }],
      emotions: ['gratitude'],
      summary: 'Asked about the bill',
      analysis: null,
    });
    expect(toAiAgentConversation(call)).toEqual({
      id: 'c1',
      flow: 'Utilities Inbound',
      platform: 'Phone',
      contact: '+15550123',
      contactId: 'cust-7',
      status: 'Completed',
      durationMs: 95_000,
      lastMessageAt: at(94),
      date: '2025-03-14',
      startedAt: T0,
      endedAt: at(95),
      flagged: true,
      functions: [fn],
      tags: [{ key: 'call_reason', value: 'billing' }],
      emotions: ['gratitude'],
      summary: 'Asked about the bill',
      analysis: null,
    });
  });

  it('given a conversation whose flag was cleared, when mapped, then not flagged', () => {
    expect(toAiAgentConversation(aiCall({ reviewFlagged: false })).flagged).toBe(false);
  });

  it('given a live conversation, when mapped, then no duration yet', () => {
    expect(toAiAgentConversation(aiCall({ endedAt: null })).durationMs).toBeNull();
  });
});
