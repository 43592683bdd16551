import { type Conversation, Party } from '@callfold/contracts';
import {
  ContactoChannel,
  contactoChannel,
  ContactoConversationState,
  contactoConversationState,
  contactoDirection,
  ContactoHangupSource,
  contactoHangupSource,
  contactoPhoneNumber,
  contactoTeam,
  toContactoConversation,
} from './contacto-conversation.vocabulary';
import { abandonedInQueue, answeredInbound, at, dialedOutbound, droppedInIvr, started } from './testing/conversation.fixtures';

const stateCases: readonly (readonly [string, ContactoConversationState, Conversation])[] = [
  ['an inbound call an agent answered', 'Customer answered', answeredInbound()],
  ['an outbound call the customer picked up', 'Customer answered', dialedOutbound({ connectedAt: at(12) })],
  ['a call the customer left while queued', 'Dropped', abandonedInQueue()],
  ['a call the customer left in the IVR', 'Dropped', droppedInIvr()],
  ['a queued call with no agent available', 'Agent Assignment failed', abandonedInQueue({ assignmentFailedAt: at(21) })],
  ['an outbound call nobody answered', "Customer didn't respond", dialedOutbound({ dialResult: 'NO_ANSWER' })],
  ['an unanswered chat the source closed for customer silence', "Customer didn't respond", abandonedInQueue({ channel: 'CHAT', endReason: 'customer_no_response' })],
  ['a call rejected because the queue was full', 'Enqueue failed', droppedInIvr({ deflectionReason: 'QUEUE_FULL' })],
  ['a call during non-operational hours', 'Out of business hour', droppedInIvr({ deflectionReason: 'AFTER_HOURS' })],
  ['a queued call no agent accepted in time', 'Queue timeout', abandonedInQueue({ queueTimedOutAt: at(26) })],
];

describe('contactoConversationState (seed 001 Conversation state)', () => {
  it.each(stateCases)('given %s, when mapped, then %s', (_given, expected, conversation) => {
    expect(contactoConversationState(conversation)).toBe(expected);
  });

  it('given the cases above, when collected, then every Contacto state is produced', () => {
    expect(new Set(stateCases.map(([, state]) => state))).toEqual(new Set(ContactoConversationState));
  });

  it('given a call deflected by another rule, when mapped, then Enqueue failed (kept out of the queue)', () => {
    expect(contactoConversationState(droppedInIvr({ deflectionReason: 'OTHER' }))).toBe('Enqueue failed');
  });

  it('given a call that failed before an agent, when mapped, then Dropped', () => {
    expect(contactoConversationState(droppedInIvr({ failedAt: at(3) }))).toBe('Dropped');
  });

  it('given an outbound call to a busy line, when mapped, then Customer didn\'t respond', () => {
    expect(contactoConversationState(dialedOutbound({ dialResult: 'BUSY' }))).toBe("Customer didn't respond");
  });

  it('given an answered call still live, when mapped, then Customer answered', () => {
    expect(contactoConversationState(answeredInbound({ endedAt: null, phase: 'CONNECTED' }))).toBe('Customer answered');
  });

  it('given a call still waiting in queue, when mapped, then no state yet', () => {
    expect(contactoConversationState(abandonedInQueue({ endedAt: null, phase: 'QUEUED' }))).toBeNull();
  });
});

describe('contactoChannel (seed 001 Channel)', () => {
  it.each([
    ['VOICE', 'VOICE_INBOUND_PSTN', 'Call'],
    ['CHAT', 'CHAT_WEB', 'Chat'],
    ['SMS', 'CHAT_SMS_INBOUND', 'SMS'],
    ['WHATSAPP', 'CHAT_WHATSAPP', 'Whatsapp'],
    ['WEB', 'CHAT_WEB', 'Chat'],
    ['WEB', 'VOICE_CALLBACK_WEB', 'Call'],
  ] as const)('given channel %s and session type %s, when mapped, then %s', (channel, sessionType, expected) => {
    expect(contactoChannel(started({ channel, sessionType }))).toBe(expected);
  });

  it('given the vocabulary, when listed, then Omnichannel is not derived (documented)', () => {
    expect(ContactoChannel).toEqual(['Call', 'Chat', 'SMS', 'Whatsapp']);
  });

  it('given no channel yet, when mapped, then null', () => {
    expect(contactoChannel(started({ channel: null }))).toBeNull();
  });
});

describe('contactoDirection, contactoTeam, contactoPhoneNumber', () => {
  it('given an inbound call, when mapped, then Incoming with its team and the number dialed', () => {
    const call = answeredInbound({ companyNumber: '+12223334444' });
    expect([contactoDirection(call), contactoTeam(call), contactoPhoneNumber(call)]).toEqual(['Incoming', 'team-billing', '+12223334444']);
  });

  it('given an outbound call, when mapped, then Outgoing with no team', () => {
    const call = dialedOutbound({ teamId: 'team-sales' });
    expect([contactoDirection(call), contactoTeam(call)]).toEqual(['Outgoing', null]);
  });

  it('given no direction yet, when mapped, then null', () => {
    expect(contactoDirection(started({ direction: null }))).toBeNull();
  });

  it('given a web chat, when mapped, then the Contacto phone number is empty', () => {
    expect(contactoPhoneNumber(started({ channel: 'CHAT', sessionType: 'CHAT_WEB', companyNumber: '+12223334444' }))).toBeNull();
  });

  it('given a WhatsApp conversation, when mapped, then the business number is kept', () => {
    expect(contactoPhoneNumber(started({ channel: 'WHATSAPP', sessionType: 'CHAT_WHATSAPP', companyNumber: '+12223334444' }))).toBe('+12223334444');
  });
});

describe('contactoHangupSource (seed 001 Hangup Source)', () => {
  it.each([
    ['CUSTOMER', 'Customer'],
    ['AGENT', 'Agent'],
    ['VIRTUAL_AGENT', 'Virtual agent'],
    ['SUPERVISOR', 'Supervisor'],
    ['SYSTEM', 'System'],
    ['EXTERNAL', 'Third party'],
    ['UNKNOWN', 'Unknown'],
  ] as const)('given hang-up by %s, when mapped, then %s', (party, expected) => {
    expect(contactoHangupSource(party)).toBe(expected);
  });

  it('given every party, when mapped, then every wording is produced', () => {
    expect(new Set(Party.map(contactoHangupSource))).toEqual(new Set(ContactoHangupSource));
  });

  it('given a live conversation, when mapped, then null', () => {
    expect(contactoHangupSource(null)).toBeNull();
  });
});

describe('toContactoConversation', () => {
  it('given an answered, transferred and wrapped-up call, when mapped, then the view row names the last agent', () => {
    const call = answeredInbound({
      customerName: 'Rita',
      contact: '+15550123',
      companyNumber: '+12223334444',
      lastAgentId: 'agent-bo',
      dispositionCode: 'resolved',
      dispositionNotes: 'Told opening hours',
      ticketId: 'T-9',
      csatScore: 4,
    });
    expect(toContactoConversation(call)).toEqual({
      conversationId: 'c1',
      customerName: 'Rita',
      createdAt: call.createdAt,
      agent: 'agent-bo',
      team: 'team-billing',
      direction: 'Incoming',
      disposition: 'resolved',
      conversationState: 'Customer answered',
      wrapUpNote: 'Told opening hours',
      channel: 'Call',
      contact: '+15550123',
      contactoPhoneNumber: '+12223334444',
      ticketId: 'T-9',
      csat: 4,
      hangupSource: 'Customer',
    });
  });
});
