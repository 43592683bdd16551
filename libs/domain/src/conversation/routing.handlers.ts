import {
  type AssignmentFailed,
  type Clock,
  type Connected,
  type Connecting,
  type OfferDeclined,
  type OfferedToAgent,
  type QueueTimedOut,
  type Queued,
  type Requeued,
} from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { type Draft } from './draft';
import { earliest } from './merge';
import { unknownEvent } from './reject';
import { claimAgent, connectAgent, enterQueue, hintQueue, offerTeam, seeTeam } from './routing.registers';

export function applyQueued(d: Draft, p: Queued, clock: Clock): void {
  enterQueue(d, clock, p.queueId, p.priority);
  if (p.teamId !== null) offerTeam(d, clock, p.teamId, 'queueTeam');
}

export function applyRequeued(d: Draft, p: Requeued, clock: Clock): void {
  enterQueue(d, clock, p.queueId, p.priority);
  d.requeues += 1;
}

export function applyOfferedToAgent(d: Draft, p: OfferedToAgent, clock: Clock): void {
  d.assignedAt = earliest(d.assignedAt, clock.at);
  if (p.teamId !== null) seeTeam(d, p.teamId);
  if (p.queueId !== null) hintQueue(d, clock, p.queueId);
}

export function applyOfferDeclined(d: Draft, p: OfferDeclined): void {
  switch (p.outcome) {
    case 'REJECTED':
      d.offersDeclined += 1;
      return;
    case 'MISSED':
      d.offersMissed += 1;
      return;
    default:
      assertNever(p.outcome, unknownEvent);
  }
}

export function applyAssignmentFailed(d: Draft, p: AssignmentFailed, clock: Clock): void {
  d.assignmentFailedAt = earliest(d.assignmentFailedAt, clock.at);
  if (p.queueId !== null) hintQueue(d, clock, p.queueId);
}

export function applyQueueTimedOut(d: Draft, p: QueueTimedOut, clock: Clock): void {
  d.queueTimedOutAt = earliest(d.queueTimedOutAt, clock.at);
  if (p.queueId !== null) hintQueue(d, clock, p.queueId);
}

export function applyConnecting(d: Draft, _p: Connecting, clock: Clock): void {
  d.connectingAt = earliest(d.connectingAt, clock.at);
}

export function applyConnected(d: Draft, p: Connected, clock: Clock): void {
  connectAgent(d, clock, p);
  claimAgent(d, clock, p);
  if (p.teamId !== null) offerTeam(d, clock, p.teamId, 'agentTeam');
  if (p.queueId !== null) hintQueue(d, clock, p.queueId);
}
