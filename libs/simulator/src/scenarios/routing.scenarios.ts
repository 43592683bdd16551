import { expectRow, type Scenario } from './scenario';
import { enterQueue, hangUp, inboundCall, walkIvr } from './voice.steps';

/**
 * Inbound calls the routing turns away: seed 001's "Out of business hour", "Enqueue failed",
 * "Queue timeout" and "Agent Assignment failed". The system, not the customer, disconnects.
 */

const afterHours: Scenario = {
  name: 'routing.after-hours',
  family: 'routing',
  weight: 1,
  description: 'Outside business hours: an after-hours message, sometimes an SMS or WhatsApp offer, then disconnect.',
  expected: expectRow('INBOUND', 'VOICE', 'Deflected', 'IvrDrop'),
  build(ctx) {
    const { rng, b, world } = ctx;
    const queue = rng.pick(world.queues);
    inboundCall(ctx, queue);
    b.wait(rng.int(300, 900)).emit('ivr', 'IvrEntered', { ivrId: world.ivrId });
    const offered = rng.pick(['SMS', 'WHATSAPP', null] as const);
    b.wait(rng.int(500, 2_000)).emit('ivr', 'Deflected', { reason: 'AFTER_HOURS', channelOffered: offered, detail: 'after_hours_message_only', queueId: queue.id });
    b.wait(rng.int(8_000, 20_000));
    hangUp(ctx, 'SYSTEM', 'after_hours');
  },
};

const queueFull: Scenario = {
  name: 'routing.queue-full',
  family: 'routing',
  weight: 1,
  description: 'The chosen queue is full: enqueue fails, a busy message plays, the system disconnects.',
  expected: expectRow('INBOUND', 'VOICE', 'Deflected', 'IvrDrop'),
  build(ctx) {
    const { rng, b, world } = ctx;
    const queue = rng.pick(world.queues);
    inboundCall(ctx, queue);
    walkIvr(ctx, queue);
    b.wait(rng.int(200, 600)).emit('acd', 'Deflected', { reason: 'QUEUE_FULL', channelOffered: null, detail: 'enqueue_failed_queue_full', queueId: queue.id });
    b.wait(rng.int(5_000, 12_000));
    hangUp(ctx, 'SYSTEM', 'queue_full');
  },
};

const queueTimeout: Scenario = {
  name: 'routing.queue-timeout',
  family: 'routing',
  weight: 1,
  description: "The caller waits until the queue's limit (5–15 min); no agent accepted; the system disconnects.",
  expected: expectRow('INBOUND', 'VOICE', 'QueueTimeout', 'Abandoned', { quickDrop: false }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const queue = rng.pick(world.queues);
    inboundCall(ctx, queue);
    walkIvr(ctx, queue);
    enterQueue(ctx, queue);
    b.wait(rng.pick([300_000, 600_000, 900_000])).emit('acd', 'QueueTimedOut', { queueId: queue.id });
    hangUp(ctx, 'SYSTEM', 'queue_timeout');
  },
};

const assignmentFailed: Scenario = {
  name: 'routing.assignment-failed',
  family: 'routing',
  weight: 1,
  description: 'Queued, but no agent is logged in: assignment fails and the system disconnects.',
  expected: expectRow('INBOUND', 'VOICE', 'AssignmentFailed', 'Abandoned', { quickDrop: false }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const queue = rng.pick(world.queues);
    inboundCall(ctx, queue);
    walkIvr(ctx, queue);
    enterQueue(ctx, queue);
    b.wait(rng.int(1_000, 10_000)).emit('acd', 'AssignmentFailed', { queueId: queue.id, reason: 'no_agents_logged_in' });
    b.wait(rng.int(4_000, 10_000));
    hangUp(ctx, 'SYSTEM', 'no_agents_available');
  },
};

const voicemailAfterTimeout: Scenario = {
  name: 'routing.voicemail-after-timeout',
  family: 'routing',
  weight: 0.5,
  description: 'The queue times out and offers voicemail; the caller leaves a message and hangs up.',
  expected: expectRow('INBOUND', 'VOICE', 'VoicemailReceived', 'Abandoned', { quickDrop: false }),
  build(ctx) {
    const { rng, b, world } = ctx;
    const queue = rng.pick(world.queues);
    inboundCall(ctx, queue);
    walkIvr(ctx, queue);
    enterQueue(ctx, queue);
    b.wait(rng.pick([300_000, 600_000])).emit('acd', 'QueueTimedOut', { queueId: queue.id });
    const durationMs = rng.int(8_000, 60_000);
    b.wait(rng.int(3_000, 6_000) + durationMs).emit('pbx', 'VoicemailReceived', {
      durationMs,
      recordingUrl: `https://recordings.example.com/voicemail/${b.conversationId}.wav`,
    });
    hangUp(ctx, 'CUSTOMER', 'voicemail_left');
  },
};

export const ROUTING_SCENARIOS: readonly Scenario[] = [afterHours, queueFull, queueTimeout, assignmentFailed, voicemailAfterTimeout];
