import { enrich } from './enrichment.steps';
import { expectRow, type Scenario, type ScenarioContext } from './scenario';
import { answerAfter, enterQueue, hangUp, openSession, talk, talkTime, wrapUp } from './voice.steps';

/**
 * Calls answered by an AI (virtual) agent, seed 002: functions executed with parameters, tags,
 * live supervisor actions (listen in, coach, take over, hand back, enqueue to the human queue),
 * and the post-call sentiment, summary and review flag an AI platform always produces.
 */

interface AiCall {
  readonly va: string;
  readonly accountId: string;
}

/** The call reaches the AI agent, which answers at once and runs one to three functions. */
function aiAnswers(ctx: ScenarioContext): AiCall {
  const { rng, b, world } = ctx;
  const va = rng.pick(world.virtualAgents);
  const customer = openSession(ctx, { direction: 'INBOUND', channel: 'VOICE', sessionType: 'VOICE_INBOUND_PSTN', flow: 'Utilities Inbound', source: 'aiAgent' });
  const accountId = `ACC-${String(rng.int(1_000, 9_999))}`;
  b.wait(rng.int(100, 400)).emit('aiAgent', 'OfferedToAgent', { agentId: va, answerType: 'VIRTUAL', queueId: null, teamId: null });
  b.wait(rng.int(200, 600)).emit('aiAgent', 'Connected', { agentId: va, answerType: 'VIRTUAL', teamId: null, queueId: null });
  b.wait(rng.int(8_000, 25_000)).emit('aiAgent', 'FunctionExecuted', {
    name: 'lookup_account',
    parametersJson: JSON.stringify({ phone: customer.phone }),
    outputJson: JSON.stringify({ accountId, status: 'active' }),
    succeeded: true,
  });
  const reason = rng.pick(['outage', 'billing', 'moving', 'meter_reading']);
  b.wait(rng.int(2_000, 8_000)).emit('aiAgent', 'TagsAdded', { tags: [{ key: 'call_reason', value: reason }, { key: 'language', value: rng.pick(['en', 'pt', 'da']) }] });
  if (rng.chance(0.6)) {
    const succeeded = rng.chance(0.9);
    b.wait(rng.int(10_000, 60_000)).emit('aiAgent', 'FunctionExecuted', {
      name: reason === 'outage' ? 'check_outage' : 'get_balance',
      parametersJson: JSON.stringify({ accountId }),
      outputJson: succeeded ? JSON.stringify(reason === 'outage' ? { outage: true, eta: '18:00' } : { balance: rng.int(0, 500) }) : null,
      succeeded,
    });
  }
  return { va, accountId };
}

/** What the AI platform always adds after the call, plus an occasional review flag. */
function aiPostCall(ctx: ScenarioContext, call: AiCall): void {
  const { rng, b } = ctx;
  b.wait(rng.int(500, 2_000)).emit('aiAgent', 'TagsAdded', { tags: [{ key: 'issue', value: rng.pick(['resolved_by_ai', 'needs_follow_up']) }, { key: 'account', value: call.accountId }] });
  enrich(ctx, { sentiment: true, summary: true, review: rng.chance(0.15), recording: rng.chance(0.5) });
}

/** A human agent takes the call from the human queue the AI agent or supervisor sent it to. */
function humanFinishes(ctx: ScenarioContext): void {
  const { rng, world } = ctx;
  const queue = rng.pick(world.queues);
  const agent = rng.pick(world.agents);
  enterQueue(ctx, queue, 2);
  answerAfter(ctx, queue, agent, rng.skewed(3_000, 90_000));
  talk(ctx, agent, talkTime(ctx), rng.chance(0.2));
  hangUp(ctx, 'CUSTOMER');
  wrapUp(ctx, agent);
}

const resolved: Scenario = {
  name: 'ai-agent.resolved',
  family: 'ai-agent',
  weight: 3,
  description: 'The AI agent answers, runs its functions and resolves the call; the customer hangs up.',
  expected: expectRow('INBOUND', 'VOICE', 'Completed', 'Accepted', { inSla: true }),
  build(ctx) {
    const call = aiAnswers(ctx);
    ctx.b.wait(ctx.rng.skewed(20_000, 240_000));
    hangUp(ctx, 'CUSTOMER', 'normal_clearing', 'aiAgent');
    aiPostCall(ctx, call);
  },
};

const transferToHuman: Scenario = {
  name: 'ai-agent.transfer-to-human',
  family: 'ai-agent',
  weight: 2,
  description: 'The AI agent cannot help and transfers the call to a human queue, where an agent answers.',
  expected: expectRow('INBOUND', 'VOICE', 'Transferred', 'Accepted', { minTransfers: 1 }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const call = aiAnswers(ctx);
    const queue = rng.pick(world.queues);
    b.wait(rng.int(5_000, 30_000)).emit('aiAgent', 'Transferred', { targetType: 'QUEUE', target: queue.id, initiatedBy: 'VIRTUAL_AGENT', initiatorId: call.va });
    humanFinishes(ctx);
    aiPostCall(ctx, call);
  },
};

const supervisorHandBack: Scenario = {
  name: 'ai-agent.supervisor-hand-back',
  family: 'ai-agent',
  weight: 1,
  description: 'A supervisor listens in, coaches, takes over briefly and hands back to the AI agent, which finishes.',
  expected: expectRow('INBOUND', 'VOICE', 'Completed', 'Accepted', { inSla: true }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const call = aiAnswers(ctx);
    const supervisorId = rng.pick(world.supervisors);
    const act = (action: 'LISTEN_STARTED' | 'LISTEN_STOPPED' | 'TAKE_OVER' | 'HAND_BACK', waitMs: number): void => {
      b.wait(waitMs).emit('supervisor', 'SupervisorActed', { action, supervisorId, note: null, queueId: null });
    };
    act('LISTEN_STARTED', rng.int(5_000, 30_000));
    b.wait(rng.int(5_000, 20_000)).emit('supervisor', 'SupervisorActed', { action: 'COACHING_NOTE', supervisorId, note: 'Offer the outage credit before closing.', queueId: null });
    act('TAKE_OVER', rng.int(10_000, 40_000));
    act('HAND_BACK', rng.int(20_000, 90_000));
    act('LISTEN_STOPPED', rng.int(5_000, 30_000));
    b.wait(rng.skewed(10_000, 120_000));
    hangUp(ctx, 'CUSTOMER', 'normal_clearing', 'aiAgent');
    aiPostCall(ctx, call);
  },
};

const supervisorEnqueue: Scenario = {
  name: 'ai-agent.supervisor-enqueue',
  family: 'ai-agent',
  weight: 1,
  description: 'A supervisor listening in sends the call to the human queue (Enqueue); a human agent answers.',
  expected: expectRow('INBOUND', 'VOICE', 'Transferred', 'Accepted'),
  build(ctx) {
    const { rng, b, world } = ctx;
    const call = aiAnswers(ctx);
    const supervisorId = rng.pick(world.supervisors);
    const queue = rng.pick(world.queues);
    b.wait(rng.int(5_000, 30_000)).emit('supervisor', 'SupervisorActed', { action: 'LISTEN_STARTED', supervisorId, note: null, queueId: null });
    b.wait(rng.int(10_000, 60_000)).emit('supervisor', 'SupervisorActed', { action: 'ENQUEUE_HUMAN', supervisorId, note: null, queueId: queue.id });
    humanFinishes(ctx);
    aiPostCall(ctx, call);
  },
};

const supervisorTakeOver: Scenario = {
  name: 'ai-agent.supervisor-take-over',
  family: 'ai-agent',
  weight: 0.5,
  description: 'A supervisor takes the call over for good and ends it themselves (a hand-off to a human).',
  expected: expectRow('INBOUND', 'VOICE', 'Transferred', 'Accepted'),
  build(ctx) {
    const { rng, b, world } = ctx;
    const call = aiAnswers(ctx);
    const supervisorId = rng.pick(world.supervisors);
    b.wait(rng.int(5_000, 30_000)).emit('supervisor', 'SupervisorActed', { action: 'LISTEN_STARTED', supervisorId, note: null, queueId: null });
    b.wait(rng.int(10_000, 60_000)).emit('supervisor', 'SupervisorActed', { action: 'TAKE_OVER', supervisorId, note: null, queueId: null });
    b.wait(rng.skewed(30_000, 300_000)).emit('supervisor', 'SupervisorActed', { action: 'END', supervisorId, note: null, queueId: null });
    hangUp(ctx, 'SUPERVISOR');
    aiPostCall(ctx, call);
  },
};

export const AI_AGENT_SCENARIOS: readonly Scenario[] = [resolved, transferToHuman, supervisorHandBack, supervisorEnqueue, supervisorTakeOver];
