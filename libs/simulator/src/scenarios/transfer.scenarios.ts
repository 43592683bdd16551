import { someEnrichment } from './enrichment.steps';
import { expectRow, type Scenario, type ScenarioContext } from './scenario';
import { answerAfter, answeredInbound, closingParty, enterQueue, hangUp, talk, talkTime, wrapUp } from './voice.steps';

/** Calls that involve more than one agent: warm and blind transfers, queue transfers, conferences. */

/** A second agent, never the first (the world has at least two). */
function otherAgent(ctx: ScenarioContext, agent: string): string {
  const agents = ctx.world.agents;
  const index = agents.indexOf(agent);
  return agents[(index + ctx.rng.int(1, agents.length - 1)) % agents.length] as string;
}

const leg = (agentId: string): string => `leg-${agentId}`;

const warmTransferToAgent: Scenario = {
  name: 'transfer.to-agent-with-hold',
  family: 'transfer',
  weight: 2,
  description: 'The agent holds the customer, consults a colleague, then transfers the call to them; both agents wrap up.',
  expected: expectRow('INBOUND', 'VOICE', 'Transferred', 'Accepted', { minTransfers: 1 }),
  build(ctx) {
    const { rng, b } = ctx;
    const [, first] = answeredInbound(ctx, rng.skewed(3_000, 60_000));
    const second = otherAgent(ctx, first);
    b.emit('pbx', 'ParticipantJoined', { participantId: leg(first), role: 'AGENT', agentId: first });
    b.wait(rng.skewed(30_000, 300_000)).emit('pbx', 'HoldStarted', { agentId: first });
    b.wait(rng.int(2_000, 6_000)).emit('pbx', 'ParticipantJoined', { participantId: leg(second), role: 'AGENT', agentId: second });
    b.wait(rng.int(15_000, 60_000)).emit('pbx', 'HoldEnded', { agentId: first });
    b.wait(rng.int(1_000, 3_000)).emit('pbx', 'Transferred', { targetType: 'AGENT', target: second, initiatedBy: 'AGENT', initiatorId: first });
    b.wait(rng.int(200, 800)).emit('pbx', 'Connected', { agentId: second, answerType: 'HUMAN', teamId: null, queueId: null });
    b.wait(rng.int(200, 800)).emit('pbx', 'ParticipantLeft', { participantId: leg(first) });
    talk(ctx, second, talkTime(ctx), rng.chance(0.3));
    b.emit('pbx', 'ParticipantLeft', { participantId: leg(second) });
    hangUp(ctx, closingParty(ctx));
    wrapUp(ctx, second);
    someEnrichment(ctx);
  },
};

const transferToQueue: Scenario = {
  name: 'transfer.to-queue',
  family: 'transfer',
  weight: 2,
  description: 'After a hold the agent sends the call to a second queue, where another agent answers it.',
  expected: expectRow('INBOUND', 'VOICE', 'Transferred', 'Accepted', { minTransfers: 1 }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const [queue, first] = answeredInbound(ctx, rng.skewed(3_000, 60_000));
    const target = world.queues[(world.queues.indexOf(queue) + rng.int(1, world.queues.length - 1)) % world.queues.length] ?? queue;
    const second = otherAgent(ctx, first);
    talk(ctx, first, rng.skewed(30_000, 240_000), true);
    b.wait(rng.int(1_000, 5_000)).emit('pbx', 'Transferred', { targetType: 'QUEUE', target: target.id, initiatedBy: 'AGENT', initiatorId: first });
    enterQueue(ctx, target, rng.int(2, 4));
    answerAfter(ctx, target, second, rng.skewed(3_000, 120_000));
    talk(ctx, second, talkTime(ctx), rng.chance(0.2));
    hangUp(ctx, closingParty(ctx));
    wrapUp(ctx, second);
    someEnrichment(ctx);
  },
};

const blindTransferExternal: Scenario = {
  name: 'transfer.blind-external',
  family: 'transfer',
  weight: 0.5,
  description: 'The agent sends the call to an external number (a partner) without consulting.',
  expected: expectRow('INBOUND', 'VOICE', 'Transferred', 'Accepted', { minTransfers: 1 }),
  build(ctx) {
    const { rng, b } = ctx;
    const [, agent] = answeredInbound(ctx, rng.skewed(3_000, 60_000));
    b.wait(rng.skewed(20_000, 180_000)).emit('pbx', 'Transferred', { targetType: 'EXTERNAL', target: '+351217000111', initiatedBy: 'AGENT', initiatorId: agent });
    b.wait(rng.skewed(60_000, 600_000));
    hangUp(ctx, 'EXTERNAL');
    wrapUp(ctx, agent);
  },
};

const conference: Scenario = {
  name: 'transfer.conference',
  family: 'transfer',
  weight: 1,
  description: 'The agent conferences in a specialist and a third party, who later leave; the first agent finishes the call.',
  expected: expectRow('INBOUND', 'VOICE', 'Completed', 'Accepted'),
  build(ctx) {
    const { rng, b } = ctx;
    const [, agent] = answeredInbound(ctx, rng.skewed(3_000, 60_000));
    const specialist = otherAgent(ctx, agent);
    const external = `leg-ext-${String(rng.int(1_000, 9_999))}`;
    b.emit('pbx', 'ParticipantJoined', { participantId: leg(agent), role: 'AGENT', agentId: agent });
    b.wait(rng.skewed(20_000, 120_000)).emit('pbx', 'ParticipantJoined', { participantId: leg(specialist), role: 'AGENT', agentId: specialist });
    b.wait(rng.int(5_000, 30_000)).emit('pbx', 'ParticipantJoined', { participantId: external, role: 'EXTERNAL', agentId: null });
    b.wait(rng.skewed(30_000, 300_000)).emit('pbx', 'ParticipantLeft', { participantId: external });
    b.wait(rng.int(5_000, 60_000)).emit('pbx', 'ParticipantLeft', { participantId: leg(specialist) });
    b.wait(rng.skewed(20_000, 120_000)).emit('pbx', 'ParticipantLeft', { participantId: leg(agent) });
    hangUp(ctx, closingParty(ctx));
    wrapUp(ctx, agent);
    someEnrichment(ctx);
  },
};

export const TRANSFER_SCENARIOS: readonly Scenario[] = [warmTransferToAgent, transferToQueue, blindTransferExternal, conference];
