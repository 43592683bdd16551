import { type Conversation } from '@callfold/contracts';
import { emptyConversation } from '../../conversation/empty-conversation';

/** 2025-03-14T09:00:00Z: every fixture's start. */
export const T0 = Date.UTC(2025, 2, 14, 9, 0, 0);

/** The instant `seconds` after T0. */
export function at(seconds: number): number {
  return T0 + seconds * 1000;
}

/** An inbound PSTN call that has just started; given-clauses add their facts through `overrides`. */
export function started(overrides: Partial<Conversation> = {}): Conversation {
  return {
    ...emptyConversation('c1'),
    version: 1,
    createdAt: T0,
    firstEventAt: T0,
    updatedAt: T0,
    direction: 'INBOUND',
    channel: 'VOICE',
    sessionType: 'VOICE_INBOUND_PSTN',
    ...overrides,
  };
}

/** IVR 0-20 s, queue 20-40 s (offered at 35 s), a human agent 40-160 s, customer hangs up, wrap-up to 190 s. */
export function answeredInbound(overrides: Partial<Conversation> = {}): Conversation {
  return started({
    version: 12,
    phase: 'ENDED',
    ivrEnteredAt: at(1),
    ivrId: 'ivr-main',
    queuedAt: at(20),
    queueId: 'q-billing',
    lastQueueId: 'q-billing',
    queueEntries: 1,
    assignedAt: at(35),
    connectingAt: at(38),
    connectedAt: at(40),
    humanConnectedAt: at(40),
    agentId: 'agent-ana',
    lastAgentId: 'agent-ana',
    agents: ['agent-ana'],
    answerType: 'HUMAN',
    teamId: 'team-billing',
    customerId: 'cust-7',
    endedAt: at(160),
    hangupSource: 'CUSTOMER',
    wrapUpStartedAt: at(160),
    wrapUpEndedAt: at(190),
    updatedAt: at(190),
    ...overrides,
  });
}

/** IVR 0-20 s, queued at 20 s, the customer hangs up at 27 s. */
export function abandonedInQueue(overrides: Partial<Conversation> = {}): Conversation {
  return started({
    version: 5,
    phase: 'ENDED',
    ivrEnteredAt: at(1),
    ivrId: 'ivr-main',
    queuedAt: at(20),
    queueId: 'q-billing',
    lastQueueId: 'q-billing',
    queueEntries: 1,
    endedAt: at(27),
    hangupSource: 'CUSTOMER',
    updatedAt: at(27),
    ...overrides,
  });
}

/** IVR from 1 s, the customer hangs up at 15 s without choosing. */
export function droppedInIvr(overrides: Partial<Conversation> = {}): Conversation {
  return started({
    version: 3,
    phase: 'ENDED',
    ivrEnteredAt: at(1),
    ivrId: 'ivr-main',
    endedAt: at(15),
    hangupSource: 'CUSTOMER',
    updatedAt: at(15),
    ...overrides,
  });
}

/** An agent-dialed outbound call: dialing at 1 s, ended at 30 s; add connectedAt or a dialResult. */
export function dialedOutbound(overrides: Partial<Conversation> = {}): Conversation {
  return started({
    version: 4,
    phase: 'ENDED',
    direction: 'OUTBOUND',
    sessionType: 'VOICE_OUTBOUND_AGENT',
    companyNumber: '+12223335555',
    dialMode: 'MANUAL',
    dialAttempts: 1,
    dialingAt: at(1),
    endedAt: at(30),
    hangupSource: 'SYSTEM',
    updatedAt: at(30),
    ...overrides,
  });
}
