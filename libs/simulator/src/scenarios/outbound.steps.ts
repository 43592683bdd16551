import { type ScenarioContext } from './scenario';
import { openSession } from './voice.steps';

/** Steps of outbound voice calls, shared by the manual, campaign and failure families. */

/** SessionCreated and the first dial attempt of an agent's manual call; returns the agent. */
export function dialManually(ctx: ScenarioContext): string {
  const { rng, b, world } = ctx;
  const agent = rng.pick(world.agents);
  openSession(ctx, { direction: 'OUTBOUND', channel: 'VOICE', sessionType: 'VOICE_OUTBOUND_AGENT', flow: 'Outbound', source: 'pbx' });
  b.wait(rng.int(500, 3_000)).emit('pbx', 'DialingStarted', { mode: 'MANUAL', campaignId: null, agentId: agent, attempt: 1 });
  return agent;
}

/** The dialed party picks up: connecting, connected with the dialing agent. */
export function pickUp(ctx: ScenarioContext, agent: string, source: 'pbx' | 'dialer'): void {
  const { rng, b } = ctx;
  b.wait(rng.int(5_000, 25_000)).emit(source, 'Connecting', { agentId: agent });
  b.wait(rng.int(200, 600)).emit('pbx', 'Connected', { agentId: agent, answerType: 'HUMAN', teamId: null, queueId: null });
}
