import { type ParticipantLeave, type ParticipantRecord } from '@callfold/contracts';
import { type Draft } from './draft';
import { canonical, compareStrings } from './merge';

/** A join as the event stated it, before any leave is paired with it. */
export interface ParticipantJoin {
  readonly participantId: string;
  readonly role: ParticipantRecord['role'];
  readonly agentId: string | null;
  readonly joinedAt: number;
}

/**
 * Adds a join or a leave of one participant and re-pairs all of that participant's joins and
 * leaves from scratch. Pairing is a pure function of the two sets, so it does not matter which
 * arrived first: join i (in time order) takes the earliest leave in [joinedAt_i, joinedAt_i+1];
 * leaves before the first join or surplus leaves in an interval wait in participantLeaves.
 */
export function recordParticipant(d: Draft, participantId: string, join: ParticipantJoin | null, leaveAt: number | null): void {
  const joins: ParticipantJoin[] = [];
  const leaves: number[] = [];
  const others: ParticipantRecord[] = [];
  for (const record of d.participants) {
    if (record.participantId !== participantId) {
      others.push(record);
      continue;
    }
    joins.push({ participantId, role: record.role, agentId: record.agentId, joinedAt: record.joinedAt });
    if (record.leftAt !== null) leaves.push(record.leftAt);
  }
  const otherLeaves: ParticipantLeave[] = [];
  for (const leave of d.participantLeaves) {
    if (leave.participantId === participantId) leaves.push(leave.at);
    else otherLeaves.push(leave);
  }
  if (join !== null) joins.push(join);
  if (leaveAt !== null) leaves.push(leaveAt);

  joins.sort(compareJoins);
  leaves.sort((a, b) => a - b);
  const paired: ParticipantRecord[] = [];
  const unpaired: ParticipantLeave[] = [];
  let k = 0;
  for (let i = 0; i < joins.length; i++) {
    const j = joins[i] as ParticipantJoin;
    const until = joins[i + 1]?.joinedAt ?? Infinity;
    while (k < leaves.length && (leaves[k] as number) < j.joinedAt) unpaired.push({ participantId, at: leaves[k++] as number });
    let leftAt: number | null = null;
    if (k < leaves.length && (leaves[k] as number) <= until) leftAt = leaves[k++] as number;
    paired.push({ participantId, role: j.role, agentId: j.agentId, joinedAt: j.joinedAt, leftAt });
  }
  while (k < leaves.length) unpaired.push({ participantId, at: leaves[k++] as number });

  d.participants = others.concat(paired).sort(compareRecords);
  d.participantLeaves = otherLeaves.concat(unpaired).sort(compareLeaves);
}

function compareJoins(a: ParticipantJoin, b: ParticipantJoin): number {
  return a.joinedAt - b.joinedAt || compareStrings(canonical(a), canonical(b));
}

function compareRecords(a: ParticipantRecord, b: ParticipantRecord): number {
  return a.joinedAt - b.joinedAt || compareStrings(a.participantId, b.participantId) || compareStrings(canonical(a), canonical(b));
}

function compareLeaves(a: ParticipantLeave, b: ParticipantLeave): number {
  return a.at - b.at || compareStrings(a.participantId, b.participantId);
}
