import { type SessionType } from '@callfold/contracts';
import { type QueueProfile } from '../world/world';
import { expectRow, type Scenario, type ScenarioContext } from './scenario';
import { closingParty, enterQueue, hangUp, openSession, talk, talkTime, wrapUp } from './voice.steps';

/**
 * Callbacks and scheduled calls (seed 003: voice callback (web), scheduled voice (mobile, web)).
 * The session is created when the customer asks, scheduled for later, and at the planned time
 * it is queued for an agent who then dials the customer: its own conversation, outbound.
 */

const SESSION_TYPES: readonly SessionType[] = ['VOICE_CALLBACK_WEB', 'VOICE_SCHEDULED_WEB', 'VOICE_SCHEDULED_MOBILE'];

/** Request, schedule, wait until the planned time, queue, offer, dial; returns the agent dialing. */
function scheduleAndDial(ctx: ScenarioContext): { readonly agent: string; readonly queue: QueueProfile } {
  const { rng, b, world } = ctx;
  const queue = rng.pick(world.queues);
  const agent = rng.pick(world.agents);
  openSession(ctx, { direction: 'OUTBOUND', channel: 'VOICE', sessionType: rng.pick(SESSION_TYPES), flow: 'Callback', source: 'dialer' });
  const scheduledFor = b.now + rng.pick([15, 30, 60, 120]) * 60_000;
  b.wait(rng.int(100, 500)).emit('dialer', 'SessionScheduled', { scheduledFor });
  b.wait(scheduledFor - b.now);
  enterQueue(ctx, queue, rng.int(2, 4));
  b.wait(rng.int(2_000, 15_000)).emit('acd', 'OfferedToAgent', { agentId: agent, answerType: 'HUMAN', queueId: queue.id, teamId: queue.teamId });
  b.wait(rng.int(1_000, 3_000)).emit('dialer', 'DialingStarted', { mode: 'API', campaignId: null, agentId: agent, attempt: 1 });
  return { agent, queue };
}

const answered: Scenario = {
  name: 'callback.scheduled-answered',
  family: 'callback',
  weight: 2,
  description: 'A callback requested on the web, planned 15 min to 2 h ahead, dialed on time and answered.',
  expected: expectRow('OUTBOUND', 'VOICE', 'Completed', 'Accepted'),
  build(ctx) {
    const { rng, b } = ctx;
    const { agent, queue } = scheduleAndDial(ctx);
    b.wait(rng.int(5_000, 20_000)).emit('dialer', 'Connecting', { agentId: agent });
    b.wait(rng.int(200, 600)).emit('pbx', 'Connected', { agentId: agent, answerType: 'HUMAN', teamId: queue.teamId, queueId: queue.id });
    talk(ctx, agent, talkTime(ctx), rng.chance(0.1));
    hangUp(ctx, closingParty(ctx));
    wrapUp(ctx, agent);
  },
};

const noAnswer: Scenario = {
  name: 'callback.scheduled-no-answer',
  family: 'callback',
  weight: 1,
  description: 'At the planned time nobody picks up: the callback attempt ends NO_ANSWER.',
  expected: expectRow('OUTBOUND', 'VOICE', 'NoAnswer', 'Abandoned', { quickDrop: false }),
  build(ctx) {
    const { rng, b } = ctx;
    scheduleAndDial(ctx);
    b.wait(rng.int(25_000, 40_000)).emit('dialer', 'DialAttemptEnded', { result: 'NO_ANSWER' });
    hangUp(ctx, 'SYSTEM', 'no_answer', 'dialer');
  },
};

export const CALLBACK_SCENARIOS: readonly Scenario[] = [answered, noAnswer];
