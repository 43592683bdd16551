import { type Channel, type Party, type SessionType } from '@callfold/contracts';
import { enrich } from './enrichment.steps';
import { expectRow, type Scenario, type ScenarioContext } from './scenario';
import { openSession, wrapUp } from './voice.steps';

/**
 * Chat, SMS and WhatsApp sessions (seed 001's channels): queued and answered like calls, but the
 * conversation is a series of messages with long gaps, and the chat platform emits everything.
 */

interface MessagingSpec {
  readonly label: string;
  readonly channel: Channel;
  readonly sessionType: SessionType;
  readonly flow: string;
}

const WEB_CHAT: MessagingSpec = { label: 'web chat', channel: 'CHAT', sessionType: 'CHAT_WEB', flow: 'Web Support' };
const SMS: MessagingSpec = { label: 'SMS', channel: 'SMS', sessionType: 'CHAT_SMS_INBOUND', flow: 'SMS Support' };
const WHATSAPP: MessagingSpec = { label: 'WhatsApp', channel: 'WHATSAPP', sessionType: 'CHAT_WHATSAPP', flow: 'WhatsApp Support' };

/** `count` messages alternating between the two sides, starting with `first`. */
function exchange(ctx: ScenarioContext, count: number, first: Party, other: Party): void {
  const { rng, b } = ctx;
  for (let i = 0; i < count; i++) {
    b.wait(rng.skewed(3_000, 120_000)).emit('chat', 'MessageSent', { sender: i % 2 === 0 ? first : other });
  }
}

/** The customer opens an inbound messaging session and writes first; returns the queue id entered. */
function openInbound(ctx: ScenarioContext, spec: MessagingSpec): { readonly queueId: string; readonly teamId: string } {
  const { rng, b, world } = ctx;
  const queue = rng.pick(world.queues);
  openSession(ctx, { direction: 'INBOUND', channel: spec.channel, sessionType: spec.sessionType, flow: spec.flow, source: 'chat', contactByEmail: spec.channel === 'CHAT' });
  b.wait(rng.int(500, 5_000)).emit('chat', 'MessageSent', { sender: 'CUSTOMER' });
  b.wait(rng.int(200, 1_000)).emit('chat', 'Queued', { queueId: queue.id, priority: rng.int(4, 7), teamId: queue.teamId });
  return { queueId: queue.id, teamId: queue.teamId };
}

function answeredSession(name: string, spec: MessagingSpec, weight: number): Scenario {
  return {
    name,
    family: 'messaging',
    weight,
    description: `An inbound ${spec.label} session: queued, taken by an agent, 5–21 messages, CSAT sometimes.`,
    expected: expectRow('INBOUND', spec.channel, 'Completed', 'Accepted'),
    build(ctx) {
      const { rng, b, world } = ctx;
      const { queueId, teamId } = openInbound(ctx, spec);
      const agent = rng.pick(world.agents);
      b.wait(rng.skewed(5_000, 180_000)).emit('chat', 'OfferedToAgent', { agentId: agent, answerType: 'HUMAN', queueId, teamId });
      b.wait(rng.int(2_000, 15_000)).emit('chat', 'Connected', { agentId: agent, answerType: 'HUMAN', teamId, queueId });
      exchange(ctx, rng.int(4, 20), 'AGENT', 'CUSTOMER');
      b.wait(rng.int(30_000, 300_000)).emit('chat', 'Ended', { hangupSource: rng.chance(0.6) ? 'CUSTOMER' : 'AGENT', reason: 'chat_closed' });
      wrapUp(ctx, agent);
      enrich(ctx, { csat: rng.chance(0.5), sentiment: rng.chance(0.4), ticket: rng.chance(0.2) });
    },
  };
}

const chatAbandoned: Scenario = {
  name: 'messaging.chat-abandoned',
  family: 'messaging',
  weight: 1,
  description: 'A web-chat customer waits 30 s to 5 min in queue, writes again, then closes the chat.',
  expected: expectRow('INBOUND', 'CHAT', 'Abandoned', 'Abandoned', { quickDrop: false }),
  build(ctx) {
    const { rng, b } = ctx;
    openInbound(ctx, WEB_CHAT);
    b.wait(rng.skewed(30_000, 300_000)).emit('chat', 'MessageSent', { sender: 'CUSTOMER' });
    b.wait(rng.int(1_000, 20_000)).emit('chat', 'Ended', { hangupSource: 'CUSTOMER', reason: 'chat_closed_by_customer' });
  },
};

const smsOutbound: Scenario = {
  name: 'messaging.sms-outbound',
  family: 'messaging',
  weight: 0.5,
  description: 'An agent texts a customer (outbound SMS) about an appointment; they exchange a few messages.',
  expected: expectRow('OUTBOUND', 'SMS', 'Completed', 'Accepted', { inSla: true }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const agent = rng.pick(world.agents);
    openSession(ctx, { direction: 'OUTBOUND', channel: 'SMS', sessionType: 'CHAT_SMS_OUTBOUND', flow: 'Appointments', source: 'chat' });
    b.wait(rng.int(200, 800)).emit('chat', 'Connected', { agentId: agent, answerType: 'HUMAN', teamId: null, queueId: null });
    exchange(ctx, rng.int(2, 6), 'AGENT', 'CUSTOMER');
    b.wait(rng.int(60_000, 600_000)).emit('chat', 'Ended', { hangupSource: 'AGENT', reason: 'chat_closed' });
  },
};

export const MESSAGING_SCENARIOS: readonly Scenario[] = [
  answeredSession('messaging.web-chat', WEB_CHAT, 2),
  answeredSession('messaging.sms-inbound', SMS, 1),
  answeredSession('messaging.whatsapp', WHATSAPP, 1.5),
  chatAbandoned,
  smsOutbound,
];
