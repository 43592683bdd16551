import {
  type Clock,
  type HoldEnded,
  type HoldStarted,
  type MessageSent,
  type ParticipantJoined,
  type ParticipantLeft,
  type SupervisorActed,
  type Transferred,
} from '@callfold/contracts';
import { assertNever } from '../shared/assert-never';
import { type Draft } from './draft';
import { insertDistinctString, insertNumber, insertTimed, latest } from './merge';
import { recordParticipant } from './participants';
import { unknownEvent } from './reject';
import { connectAgent, hintQueue } from './routing.registers';

export function applyHoldStarted(d: Draft, _p: HoldStarted, clock: Clock): void {
  d.holdStarts = insertNumber(d.holdStarts, clock.at);
}

export function applyHoldEnded(d: Draft, _p: HoldEnded, clock: Clock): void {
  d.holdEnds = insertNumber(d.holdEnds, clock.at);
}

export function applyTransferred(d: Draft, p: Transferred, clock: Clock): void {
  d.transfers = insertTimed(d.transfers, {
    at: clock.at,
    targetType: p.targetType,
    target: p.target,
    initiatedBy: p.initiatedBy,
    initiatorId: p.initiatorId,
  });
  if (p.targetType === 'QUEUE') hintQueue(d, clock, p.target);
}

export function applyParticipantJoined(d: Draft, p: ParticipantJoined, clock: Clock): void {
  recordParticipant(d, p.participantId, { participantId: p.participantId, role: p.role, agentId: p.agentId, joinedAt: clock.at }, null);
  // A conference or consult agent is connected too; supervisors and other roles are not agents.
  if (p.agentId !== null && (p.role === 'AGENT' || p.role === 'VIRTUAL_AGENT')) d.agents = insertDistinctString(d.agents, p.agentId);
}

export function applyParticipantLeft(d: Draft, p: ParticipantLeft, clock: Clock): void {
  recordParticipant(d, p.participantId, null, clock.at);
}

export function applySupervisorActed(d: Draft, p: SupervisorActed, clock: Clock): void {
  d.supervisorActions = insertTimed(d.supervisorActions, {
    at: clock.at,
    action: p.action,
    supervisorId: p.supervisorId,
    note: p.note,
    queueId: p.queueId,
  });
  switch (p.action) {
    case 'TAKE_OVER':
      // The supervisor becomes the speaking participant: a human is now connected (seed 002).
      connectAgent(d, clock, { agentId: p.supervisorId, answerType: 'HUMAN' });
      return;
    case 'ENQUEUE_HUMAN':
      if (p.queueId !== null) hintQueue(d, clock, p.queueId);
      return;
    case 'LISTEN_STARTED':
    case 'LISTEN_STOPPED':
    case 'HAND_BACK':
    case 'END':
    case 'COACHING_NOTE':
      return;
    default:
      assertNever(p.action, unknownEvent);
  }
}

export function applyMessageSent(d: Draft, _p: MessageSent, clock: Clock): void {
  d.messageCount += 1;
  d.lastMessageAt = latest(d.lastMessageAt, clock.at);
}
