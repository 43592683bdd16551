import { expectRow, type Scenario } from './scenario';
import { enterQueue, hangUp, inboundCall, walkIvr } from './voice.steps';

/** Inbound callers who give up before an agent answers: in the queue, while ringing, in the IVR. */

const quickDrop: Scenario = {
  name: 'abandon.quick-drop',
  family: 'abandon',
  weight: 3,
  description: 'The caller hangs up 0.6–4.8 s after entering the queue: a short abandon (QuickDrop, < 5 s).',
  expected: expectRow('INBOUND', 'VOICE', 'Abandoned', 'Abandoned', { quickDrop: true, inSla: null }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const queue = rng.pick(world.queues);
    inboundCall(ctx, queue);
    walkIvr(ctx, queue);
    enterQueue(ctx, queue);
    // hangUp adds 0.1–0.8 s, so the time in queue stays at most 4.8 s.
    b.wait(rng.int(500, 4_000));
    hangUp(ctx, 'CUSTOMER', 'caller_abandoned');
  },
};

const longWait: Scenario = {
  name: 'abandon.long-wait',
  family: 'abandon',
  weight: 3,
  description: 'The caller waits 30 s to 10 min in queue, then hangs up.',
  expected: expectRow('INBOUND', 'VOICE', 'Abandoned', 'Abandoned', { quickDrop: false, inSla: null }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const queue = rng.pick(world.queues);
    inboundCall(ctx, queue);
    walkIvr(ctx, queue);
    enterQueue(ctx, queue);
    b.wait(rng.skewed(30_000, 600_000));
    hangUp(ctx, 'CUSTOMER', 'caller_abandoned');
  },
};

const whileRinging: Scenario = {
  name: 'abandon.while-ringing',
  family: 'abandon',
  weight: 1,
  description: "After 6–40 s in queue an agent's phone starts ringing and the caller hangs up before the answer.",
  expected: expectRow('INBOUND', 'VOICE', 'Abandoned', 'Abandoned', { quickDrop: false, inSla: null }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const queue = rng.pick(world.queues);
    inboundCall(ctx, queue);
    walkIvr(ctx, queue);
    enterQueue(ctx, queue);
    b.wait(rng.int(6_000, 40_000)).emit('acd', 'OfferedToAgent', { agentId: rng.pick(world.agents), answerType: 'HUMAN', queueId: queue.id, teamId: queue.teamId });
    b.wait(rng.int(1_000, 5_000));
    hangUp(ctx, 'CUSTOMER', 'caller_abandoned');
  },
};

const ivrDrop: Scenario = {
  name: 'abandon.ivr-drop',
  family: 'abandon',
  weight: 2,
  description: 'The caller leaves in the IVR menu, never queued (seed 004 IvrDrop).',
  expected: expectRow('INBOUND', 'VOICE', 'IvrDrop', 'IvrDrop', { quickDrop: null, inSla: null }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const queue = rng.pick(world.queues);
    inboundCall(ctx, queue);
    walkIvr(ctx, queue, rng.int(0, queue.options.length - 1));
    b.wait(rng.int(2_000, 20_000));
    hangUp(ctx, 'CUSTOMER', 'caller_hung_up_in_ivr');
  },
};

export const ABANDON_SCENARIOS: readonly Scenario[] = [quickDrop, longWait, whileRinging, ivrDrop];
