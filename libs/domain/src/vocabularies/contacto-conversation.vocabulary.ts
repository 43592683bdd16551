import { type Conversation, type DeflectionReason, type Party } from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { detailedOutcome } from './detailed-outcome.vocabulary';

/**
 * Seed 001: Contacto's conversation view. Column names as the product shows them: `Conversation
 * ID`, `Customer Name`, `Created date`, `Created time` (local time zone: the view formats
 * createdAt), `Agent Name`, `Team`, `Conversation Direction`, `Disposition`, `Conversation state`,
 * `Wrap-up note`, `Channel`, `Contact`, `Contacto Phone number`, `Ticket ID`, `CSAT`, `Hangup Source`.
 */
export const ContactoDirection = ['Incoming', 'Outgoing'] as const;
export type ContactoDirection = (typeof ContactoDirection)[number];

/**
 * `Channel`. Contacto also has `Omnichannel` "for multichannel conversations"; callfold never
 * derives it: a projection has one medium, a deflection's channel is only an offer, and messages
 * on a voice conversation may be transcript turns rather than a second medium.
 */
export const ContactoChannel = ['Call', 'Chat', 'SMS', 'Whatsapp'] as const;
export type ContactoChannel = (typeof ContactoChannel)[number];

/** `Conversation state`: `Customer answered` is the answered group; the rest are unanswered. */
export const ContactoConversationState = [
  'Customer answered',
  'Dropped',
  'Agent Assignment failed',
  "Customer didn't respond",
  'Enqueue failed',
  'Out of business hour',
  'Queue timeout',
] as const;
export type ContactoConversationState = (typeof ContactoConversationState)[number];

export const ContactoHangupSource = ['Customer', 'Agent', 'Virtual agent', 'Supervisor', 'System', 'Third party', 'Unknown'] as const;
export type ContactoHangupSource = (typeof ContactoHangupSource)[number];

/** The end reason a source reports when the customer stopped responding (e.g. an idle chat). */
export const CUSTOMER_NO_RESPONSE = 'customer_no_response';

export interface ContactoConversation {
  readonly conversationId: string;
  readonly customerName: string | null;
  /** Epoch ms; `Created date` and `Created time` are this instant in the viewer's time zone. */
  readonly createdAt: number | null;
  /** The agent who handled it last (the one who set the disposition), else the initial agent. */
  readonly agent: string | null;
  readonly team: string | null;
  readonly direction: ContactoDirection | null;
  readonly disposition: string | null;
  readonly conversationState: ContactoConversationState | null;
  readonly wrapUpNote: string | null;
  readonly channel: ContactoChannel | null;
  readonly contact: string | null;
  readonly contactoPhoneNumber: string | null;
  readonly ticketId: string | null;
  readonly csat: number | null;
  readonly hangupSource: ContactoHangupSource | null;
}

export function toContactoConversation(c: Conversation): ContactoConversation {
  return {
    conversationId: c.conversationId,
    customerName: c.customerName,
    createdAt: c.createdAt,
    agent: c.lastAgentId ?? c.agentId,
    team: contactoTeam(c),
    direction: contactoDirection(c),
    disposition: c.dispositionCode,
    conversationState: contactoConversationState(c),
    wrapUpNote: c.dispositionNotes,
    channel: contactoChannel(c),
    contact: c.contact,
    contactoPhoneNumber: contactoPhoneNumber(c),
    ticketId: c.ticketId,
    csat: c.csatScore,
    hangupSource: contactoHangupSource(c.hangupSource),
  };
}

/** `Conversation Direction`, with respect to Contacto. */
export function contactoDirection(c: Conversation): ContactoDirection | null {
  switch (c.direction) {
    case null:
      return null;
    case 'INBOUND':
      return 'Incoming';
    case 'OUTBOUND':
      return 'Outgoing';
    default:
      return assertNever(c.direction);
  }
}

/** `Team`: "This will populate only for incoming conversations." */
export function contactoTeam(c: Conversation): string | null {
  return c.direction === 'INBOUND' ? c.teamId : null;
}

/** `Channel`. WEB is a browser session: a call when its session type is a voice one, else a chat. */
export function contactoChannel(c: Conversation): ContactoChannel | null {
  switch (c.channel) {
    case null:
      return null;
    case 'VOICE':
      return 'Call';
    case 'CHAT':
      return 'Chat';
    case 'SMS':
      return 'SMS';
    case 'WHATSAPP':
      return 'Whatsapp';
    case 'WEB':
      return c.sessionType?.startsWith('VOICE_') === true ? 'Call' : 'Chat';
    default:
      return assertNever(c.channel);
  }
}

/** `Contacto Phone number`: the company number used; "empty for Chat conversations" (null). */
export function contactoPhoneNumber(c: Conversation): string | null {
  return contactoChannel(c) === 'Chat' ? null : c.companyNumber;
}

/**
 * `Conversation state`, null while live and unanswered. Answered (`Customer answered`) = an agent,
 * human or virtual, connected with the customer (inbound: the agent took it; outbound: the customer
 * picked up). Unanswered, from the detailed outcome: a customer_no_response end reason or an
 * outbound busy / no answer / voicemail is `Customer didn't respond`; a deflection is `Out of
 * business hour` (after hours) or `Enqueue failed` (queue full or another rule kept it out of the
 * queue); queue timeout and assignment failure map by name; everything else that ended before an
 * agent (customer left in IVR or queue, failure, voicemail left, transfer away) is `Dropped`.
 */
export function contactoConversationState(c: Conversation): ContactoConversationState | null {
  const answered = c.connectedAt !== null;
  const outcome = detailedOutcome(c);
  switch (outcome) {
    case 'Completed':
      return 'Customer answered';
    case 'InProgress':
      return answered ? 'Customer answered' : null;
    case 'Failed':
    case 'Transferred':
      return answered ? 'Customer answered' : unanswered(c, 'Dropped');
    case 'Busy':
    case 'NoAnswer':
    case 'Voicemail':
      return "Customer didn't respond";
    case 'Deflected':
      return unanswered(c, deflectionState(c.deflectionReason));
    case 'QueueTimeout':
      return unanswered(c, 'Queue timeout');
    case 'AssignmentFailed':
      return unanswered(c, 'Agent Assignment failed');
    case 'Abandoned':
    case 'IvrDrop':
    case 'VoicemailReceived':
      return unanswered(c, 'Dropped');
    default:
      return assertNever(outcome);
  }
}

function unanswered(c: Conversation, state: ContactoConversationState): ContactoConversationState {
  return c.endReason === CUSTOMER_NO_RESPONSE ? "Customer didn't respond" : state;
}

function deflectionState(reason: DeflectionReason | null): ContactoConversationState {
  switch (reason) {
    case 'AFTER_HOURS':
      return 'Out of business hour';
    case null:
    case 'QUEUE_FULL':
    case 'OTHER':
      return 'Enqueue failed';
    default:
      return assertNever(reason);
  }
}

/** `Hangup Source`: "The source that closed the conversation"; null while live. */
export function contactoHangupSource(party: Party | null): ContactoHangupSource | null {
  switch (party) {
    case null:
      return null;
    case 'CUSTOMER':
      return 'Customer';
    case 'AGENT':
      return 'Agent';
    case 'VIRTUAL_AGENT':
      return 'Virtual agent';
    case 'SUPERVISOR':
      return 'Supervisor';
    case 'SYSTEM':
      return 'System';
    case 'EXTERNAL':
      return 'Third party';
    case 'UNKNOWN':
      return 'Unknown';
    default:
      return assertNever(party);
  }
}
