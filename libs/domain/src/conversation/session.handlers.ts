import {
  type Clock,
  type Deflected,
  type IvrEntered,
  type MenuOptionSelected,
  type SessionCreated,
  type SessionScheduled,
} from '@callfold/contracts';
import { type Draft } from './draft';
import { earliest } from './merge';
import { claim, FIRST, LAST } from './registers';
import { hintQueue } from './routing.registers';

// Register values, as [event side, projection side] pairs in the same field order, so an exact
// (at, seq) tie can be broken by comparing their canonical text.
const sessionOf = (p: SessionCreated) => [p.direction, p.channel, p.sessionType, p.flow, p.customerId, p.customerName, p.contact, p.companyNumber, p.orderNumber];
const heldSession = (c: Draft) => [c.direction, c.channel, c.sessionType, c.flow, c.customerId, c.customerName, c.contact, c.companyNumber, c.orderNumber];
const scheduleOf = (p: SessionScheduled) => p.scheduledFor;
const heldSchedule = (c: Draft) => c.scheduledFor;
const menuOf = (p: MenuOptionSelected) => [p.menuPath, p.menuPathId];
const heldMenu = (c: Draft) => [c.menuPath, c.menuPathId];
const deflectionOf = (p: Deflected) => [p.reason, p.channelOffered, p.detail];
const heldDeflection = (c: Draft) => [c.deflectionReason, c.deflectionChannel, c.deflectionDetail];
const same = (value: string) => value;
const heldIvr = (c: Draft) => c.ivrId;

export function applySessionCreated(d: Draft, p: SessionCreated, clock: Clock): void {
  d.createdAt = earliest(d.createdAt, clock.at);
  if (!claim(d, 'session', clock, LAST, p, sessionOf, heldSession)) return;
  d.direction = p.direction;
  d.channel = p.channel;
  d.sessionType = p.sessionType;
  d.flow = p.flow;
  d.customerId = p.customerId;
  d.customerName = p.customerName;
  d.contact = p.contact;
  d.companyNumber = p.companyNumber;
  d.orderNumber = p.orderNumber;
}

export function applySessionScheduled(d: Draft, p: SessionScheduled, clock: Clock): void {
  d.scheduledAt = earliest(d.scheduledAt, clock.at);
  // A reschedule is a newer SessionScheduled: the latest plan wins.
  if (claim(d, 'schedule', clock, LAST, p, scheduleOf, heldSchedule)) d.scheduledFor = p.scheduledFor;
}

export function applyIvrEntered(d: Draft, p: IvrEntered, clock: Clock): void {
  d.ivrEnteredAt = earliest(d.ivrEnteredAt, clock.at);
  offerIvr(d, clock, p.ivrId);
}

export function applyMenuOptionSelected(d: Draft, p: MenuOptionSelected, clock: Clock): void {
  // The latest selection carries the deepest path walked, e.g. 'Main > Billing > Payments'.
  if (claim(d, 'menu', clock, LAST, p, menuOf, heldMenu)) {
    d.menuPath = p.menuPath;
    d.menuPathId = p.menuPathId;
  }
  if (p.ivrId !== null) offerIvr(d, clock, p.ivrId);
}

export function applyDeflected(d: Draft, p: Deflected, clock: Clock): void {
  d.deflectedAt = earliest(d.deflectedAt, clock.at);
  if (claim(d, 'deflection', clock, LAST, p, deflectionOf, heldDeflection)) {
    d.deflectionReason = p.reason;
    d.deflectionChannel = p.channelOffered;
    d.deflectionDetail = p.detail;
  }
  if (p.queueId !== null) hintQueue(d, clock, p.queueId);
}

/** The IVR is the first one the conversation met (first-writer-wins). */
function offerIvr(d: Draft, clock: Clock, ivrId: string): void {
  if (claim(d, 'ivr', clock, FIRST, ivrId, same, heldIvr)) d.ivrId = ivrId;
}
