import { type CampaignWaitMode } from '@callfold/contracts';
import { someEnrichment } from './enrichment.steps';
import { pickUp } from './outbound.steps';
import { expectRow, type Scenario, type ScenarioContext } from './scenario';
import { closingParty, hangUp, openSession, talk, talkTime, wrapUp } from './voice.steps';

/**
 * Dialer campaigns (seed 003's campaign statuses): predictive and progressive pacing, and
 * preview campaigns where the agent sees the record (pending, then ready) before dialing.
 */

const FLOWS = ['Renewals', 'Collections', 'Win-back'];

/** The campaign session up to the dial; returns the agent who will take the call. */
function startCampaignCall(ctx: ScenarioContext, mode: CampaignWaitMode): string {
  const { rng, b, world } = ctx;
  const campaignId = rng.pick(world.campaigns);
  const agent = rng.pick(world.agents);
  openSession(ctx, { direction: 'OUTBOUND', channel: 'VOICE', sessionType: 'VOICE_CAMPAIGN', flow: rng.pick(FLOWS), source: 'dialer' });
  b.wait(rng.int(50, 300)).emit('dialer', 'CampaignWaiting', { mode, campaignId });
  if (mode === 'PREVIEW') {
    b.wait(rng.int(1_000, 10_000)).emit('dialer', 'PreviewUpdated', { state: 'PENDING', agentId: agent, campaignId });
    b.wait(rng.int(2_000, 8_000)).emit('dialer', 'PreviewUpdated', { state: 'READY', agentId: agent, campaignId });
    // The agent reads the customer's record before pressing dial.
    b.wait(rng.skewed(10_000, 90_000));
  } else {
    b.wait(rng.skewed(1_000, 60_000));
  }
  b.emit('dialer', 'DialingStarted', { mode, campaignId, agentId: mode === 'PREDICTIVE' ? null : agent, attempt: rng.int(1, 3) });
  return agent;
}

function answeredCampaign(name: string, mode: CampaignWaitMode, weight: number): Scenario {
  return {
    name,
    family: 'campaign',
    weight,
    description: `A ${mode.toLowerCase()} campaign call: the customer answers and talks to an agent.`,
    expected: expectRow('OUTBOUND', 'VOICE', 'Completed', 'Accepted', { inSla: true }),
    build(ctx) {
      const agent = startCampaignCall(ctx, mode);
      pickUp(ctx, agent, 'dialer');
      talk(ctx, agent, talkTime(ctx), ctx.rng.chance(0.1));
      hangUp(ctx, closingParty(ctx));
      wrapUp(ctx, agent);
      someEnrichment(ctx);
    },
  };
}

const progressiveNoAnswer: Scenario = {
  name: 'campaign.progressive-no-answer',
  family: 'campaign',
  weight: 1.5,
  description: 'A progressive campaign call rings 20–40 s unanswered.',
  expected: expectRow('OUTBOUND', 'VOICE', 'NoAnswer', 'IvrDrop'),
  build(ctx) {
    startCampaignCall(ctx, 'PROGRESSIVE');
    ctx.b.wait(ctx.rng.int(20_000, 40_000)).emit('dialer', 'DialAttemptEnded', { result: 'NO_ANSWER' });
    hangUp(ctx, 'SYSTEM', 'no_answer', 'dialer');
  },
};

const predictiveMachine: Scenario = {
  name: 'campaign.predictive-voicemail',
  family: 'campaign',
  weight: 1,
  description: 'Answering-machine detection on a predictive call: the dialer drops it, no agent involved.',
  expected: expectRow('OUTBOUND', 'VOICE', 'Voicemail', 'IvrDrop'),
  build(ctx) {
    startCampaignCall(ctx, 'PREDICTIVE');
    ctx.b.wait(ctx.rng.int(8_000, 20_000)).emit('dialer', 'DialAttemptEnded', { result: 'VOICEMAIL' });
    hangUp(ctx, 'SYSTEM', 'answering_machine_detected', 'dialer');
  },
};

export const CAMPAIGN_SCENARIOS: readonly Scenario[] = [
  answeredCampaign('campaign.predictive-answered', 'PREDICTIVE', 2),
  answeredCampaign('campaign.progressive-answered', 'PROGRESSIVE', 1),
  answeredCampaign('campaign.preview-answered', 'PREVIEW', 1),
  progressiveNoAnswer,
  predictiveMachine,
];
