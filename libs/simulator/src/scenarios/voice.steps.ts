import { type Channel, type Direction, type Party, type SessionType } from '@callfold/contracts';
import { type SourceName } from '../builder/event-sources';
import { type Customer, newCustomer } from '../world/customers';
import { type QueueProfile } from '../world/world';
import { type ScenarioContext } from './scenario';

/**
 * Building blocks shared by the scenario families: one function per stretch of a call, each
 * writing its events and moving the clock the way a real switch would (IVR prompts take
 * seconds, agents ring for a few seconds, talk for minutes).
 */

const DISPOSITIONS: readonly (readonly [string, string])[] = [
  ['RESOLVED', 'Question answered on first contact.'],
  ['BILLING_QUESTION', 'Explained the last invoice.'],
  ['PAYMENT_TAKEN', 'Card payment taken for the open balance.'],
  ['TECH_ISSUE_ESCALATED', 'Opened a ticket for second line.'],
  ['SALE', 'Upgraded to the premium plan.'],
  ['INFO_PROVIDED', 'Sent the requested information by email.'],
];

export interface SessionSpec {
  readonly direction: Direction;
  readonly channel: Channel;
  readonly sessionType: SessionType;
  readonly flow: string | null;
  readonly source: SourceName;
  /** Email for web chats, the phone number otherwise. */
  readonly contactByEmail?: boolean;
}

/** SessionCreated for a new customer; the company number is null for chats (seed 001). */
export function openSession(ctx: ScenarioContext, spec: SessionSpec): Customer {
  const { rng, b, world } = ctx;
  const customer = newCustomer(rng);
  const usesPhone = spec.channel !== 'CHAT' && spec.channel !== 'WEB';
  b.emit(spec.source, 'SessionCreated', {
    direction: spec.direction,
    channel: spec.channel,
    sessionType: spec.sessionType,
    flow: spec.flow,
    customerId: customer.id,
    customerName: customer.name,
    contact: spec.contactByEmail === true ? customer.email : customer.phone,
    companyNumber: usesPhone ? rng.pick(world.companyNumbers) : null,
    orderNumber: rng.chance(0.2) ? `A-${String(rng.int(100_000, 999_999))}` : null,
  });
  return customer;
}

/** An inbound phone call arriving on the switch. */
export function inboundCall(ctx: ScenarioContext, queue: QueueProfile, sessionType: SessionType = 'VOICE_INBOUND_PSTN'): Customer {
  return openSession(ctx, { direction: 'INBOUND', channel: 'VOICE', sessionType, flow: queue.flow, source: 'pbx' });
}

/** IVR entry, an optional recording prompt, then one menu choice per level (up to `levels`). */
export function walkIvr(ctx: ScenarioContext, queue: QueueProfile, levels = queue.options.length): void {
  const { rng, b, world } = ctx;
  b.wait(rng.int(300, 900)).emit('ivr', 'IvrEntered', { ivrId: world.ivrId });
  if (rng.chance(0.3)) {
    b.recordingDenied = rng.chance(0.15);
    b.wait(rng.int(2_000, 4_000)).emit('ivr', 'RecordingUpdated', { permission: b.recordingDenied ? 'DENIED' : 'GRANTED', url: null });
  }
  for (let level = 0; level < levels && level < queue.options.length; level++) {
    b.wait(rng.int(3_000, 10_000)).emit('ivr', 'MenuOptionSelected', {
      ivrId: world.ivrId,
      option: queue.options[level] as string,
      menuPath: queue.menuPaths[level] as string,
      menuPathId: queue.menuPathIds[level] as string,
    });
  }
}

export function enterQueue(ctx: ScenarioContext, queue: QueueProfile, priority?: number): void {
  const { rng, b } = ctx;
  b.wait(rng.int(200, 600)).emit('acd', 'Queued', { queueId: queue.id, priority: priority ?? rng.int(3, 6), teamId: queue.teamId });
}

/**
 * The offer, ringing and connection of a human agent, so that Connected lands exactly `waitMs`
 * after the current time (call right after Queued: the queue wait is then exactly `waitMs`).
 */
export function answerAfter(ctx: ScenarioContext, queue: QueueProfile | null, agentId: string, waitMs: number): void {
  const { rng, b } = ctx;
  if (waitMs < 1_000) throw new RangeError(`answerAfter needs at least 1 s to offer, ring and connect, got ${waitMs} ms`);
  const ring = Math.min(rng.int(2_000, 7_000), waitMs - 400);
  b.wait(waitMs - ring).emit('acd', 'OfferedToAgent', { agentId, answerType: 'HUMAN', queueId: queue?.id ?? null, teamId: queue?.teamId ?? null });
  b.wait(ring - 300).emit('pbx', 'Connecting', { agentId });
  b.wait(300).emit('pbx', 'Connected', { agentId, answerType: 'HUMAN', teamId: queue?.teamId ?? null, queueId: queue?.id ?? null });
}

/** An offer that rings out (MISSED) or is rejected, taking `ringMs`. */
export function offerNotTaken(ctx: ScenarioContext, queue: QueueProfile, agentId: string, ringMs: number, outcome: 'MISSED' | 'REJECTED'): void {
  ctx.b.emit('acd', 'OfferedToAgent', { agentId, answerType: 'HUMAN', queueId: queue.id, teamId: queue.teamId });
  ctx.b.wait(ringMs).emit('acd', 'OfferDeclined', { agentId, outcome });
}

/** Talk time of `talkMs`, with one hold in the middle when `withHold` (held time included). */
export function talk(ctx: ScenarioContext, agentId: string, talkMs: number, withHold: boolean): void {
  const { rng, b } = ctx;
  if (!withHold) {
    b.wait(talkMs);
    return;
  }
  b.wait(talkMs / 3).emit('pbx', 'HoldStarted', { agentId });
  b.wait(rng.int(15_000, 90_000)).emit('pbx', 'HoldEnded', { agentId });
  b.wait(talkMs / 2);
}

export function hangUp(ctx: ScenarioContext, hangupSource: Party, reason: string | null = 'normal_clearing', source: SourceName = 'pbx'): void {
  ctx.b.wait(ctx.rng.int(100, 800)).emit(source, 'Ended', { hangupSource, reason });
}

/** After-call work: starts right after the disconnect, ends with a disposition. */
export function wrapUp(ctx: ScenarioContext, agentId: string): void {
  const { rng, b } = ctx;
  const [code, notes] = rng.pick(DISPOSITIONS);
  b.wait(rng.int(300, 1_500)).emit('acd', 'WrapUpStarted', { agentId });
  b.wait(rng.skewed(10_000, 120_000)).emit('acd', 'WrapUpEnded', { agentId, dispositionCode: code, notes: rng.chance(0.6) ? notes : null });
}

/** Typical talk time of a voice call: mostly 1–5 minutes, up to 20. */
export function talkTime(ctx: ScenarioContext): number {
  return ctx.rng.skewed(45_000, 1_200_000);
}

/** Two different elements of a list of at least two. */
export function twoOf<T>(ctx: ScenarioContext, items: readonly T[]): readonly [T, T] {
  const first = ctx.rng.int(0, items.length - 1);
  const second = (first + ctx.rng.int(1, items.length - 1)) % items.length;
  return [items[first] as T, items[second] as T];
}

/** A random queue and a random agent for it. */
export function queueAndAgent(ctx: ScenarioContext): readonly [QueueProfile, string] {
  return [ctx.rng.pick(ctx.world.queues), ctx.rng.pick(ctx.world.agents)];
}

/**
 * An inbound call through the IVR into a queue, answered after exactly `waitMs` in queue by a
 * human agent; returns the queue and agent so the caller can continue the call.
 */
export function answeredInbound(ctx: ScenarioContext, waitMs: number): readonly [QueueProfile, string] {
  const [queue, agent] = queueAndAgent(ctx);
  inboundCall(ctx, queue);
  walkIvr(ctx, queue);
  enterQueue(ctx, queue);
  answerAfter(ctx, queue, agent, waitMs);
  return [queue, agent];
}

/** Who ends a finished call: mostly the customer. */
export function closingParty(ctx: ScenarioContext): Party {
  return ctx.rng.chance(0.7) ? 'CUSTOMER' : 'AGENT';
}
