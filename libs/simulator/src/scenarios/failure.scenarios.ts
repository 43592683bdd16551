import { someEnrichment } from './enrichment.steps';
import { dialManually } from './outbound.steps';
import { expectRow, type Scenario } from './scenario';
import { answerAfter, answeredInbound, closingParty, hangUp, inboundCall, talk, talkTime, wrapUp } from './voice.steps';

/**
 * Technical failures (seed 000 `failed`, seed 003 `failed` / `recovered`): an invalid number, a
 * media loss mid-call, an IVR script error, and a call that recovers on a second agent.
 */

const invalidNumber: Scenario = {
  name: 'failure.invalid-number',
  family: 'failure',
  weight: 1,
  description: 'The agent dials a number that does not exist (SIP 404); the call fails before anyone answers.',
  expected: expectRow('OUTBOUND', 'VOICE', 'Failed', 'IvrDrop'),
  build(ctx) {
    const { rng, b } = ctx;
    dialManually(ctx);
    b.wait(rng.int(300, 1_500)).emit('pbx', 'Failed', { reason: 'INVALID_NUMBER', detail: 'SIP 404 Not Found' });
    hangUp(ctx, 'SYSTEM', 'invalid_number');
  },
};

const droppedMidCall: Scenario = {
  name: 'failure.dropped-mid-call',
  family: 'failure',
  weight: 1,
  description: 'The media path is lost while the customer talks to an agent; the switch tears the call down.',
  expected: expectRow('INBOUND', 'VOICE', 'Failed', 'Accepted'),
  build(ctx) {
    const { rng, b } = ctx;
    const [, agent] = answeredInbound(ctx, rng.skewed(3_000, 60_000));
    b.wait(rng.skewed(10_000, 300_000)).emit('pbx', 'Failed', { reason: 'CONNECTION_ERROR', detail: 'RTP timeout' });
    hangUp(ctx, 'SYSTEM', 'media_timeout');
    wrapUp(ctx, agent);
  },
};

const ivrScriptError: Scenario = {
  name: 'failure.ivr-platform-error',
  family: 'failure',
  weight: 0.5,
  description: 'The IVR script crashes right after the greeting; the call ends before any queue.',
  expected: expectRow('INBOUND', 'VOICE', 'Failed', 'IvrDrop'),
  build(ctx) {
    const { rng, b, world } = ctx;
    inboundCall(ctx, rng.pick(world.queues));
    b.wait(rng.int(300, 900)).emit('ivr', 'IvrEntered', { ivrId: world.ivrId });
    b.wait(rng.int(1_000, 5_000)).emit('ivr', 'Failed', { reason: 'TECHNICAL', detail: 'ivr_script_error' });
    hangUp(ctx, 'SYSTEM', 'platform_error', 'ivr');
  },
};

const recoveredAfterRequeue: Scenario = {
  name: 'failure.recovered-after-requeue',
  family: 'failure',
  weight: 1,
  description: "The agent's leg drops; the call is requeued at priority 2 and a second agent completes it (seed 003 recovered).",
  expected: expectRow('INBOUND', 'VOICE', 'Completed', 'Accepted'),
  build(ctx) {
    const { rng, b, world } = ctx;
    const [queue, first] = answeredInbound(ctx, rng.skewed(3_000, 60_000));
    const second = world.agents[(world.agents.indexOf(first) + 1) % world.agents.length] as string;
    b.wait(rng.skewed(10_000, 120_000)).emit('pbx', 'Failed', { reason: 'CONNECTION_ERROR', detail: 'agent_leg_lost' });
    b.wait(rng.int(500, 2_000)).emit('acd', 'Requeued', { queueId: queue.id, priority: 2, reason: 'agent_connection_lost' });
    answerAfter(ctx, queue, second, rng.int(3_000, 30_000));
    // The projection keeps only the first connection; the new agent's leg shows the recovery.
    b.emit('pbx', 'ParticipantJoined', { participantId: `leg-${second}`, role: 'AGENT', agentId: second });
    talk(ctx, second, talkTime(ctx), false);
    hangUp(ctx, closingParty(ctx));
    wrapUp(ctx, second);
    someEnrichment(ctx);
  },
};

export const FAILURE_SCENARIOS: readonly Scenario[] = [invalidNumber, droppedMidCall, ivrScriptError, recoveredAfterRequeue];
