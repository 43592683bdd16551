import { type AnswerType, type Clock } from '@callfold/contracts';
import { type Draft } from './draft';
import { earliest, insertDistinctString } from './merge';
import { claim, FIRST, LAST } from './registers';

const same = <T>(value: T) => value;
const heldQueueId = (c: Draft) => c.queueId;
const heldLastQueue = (c: Draft) => c.lastQueueId;
const heldPriority = (c: Draft) => c.priority;
const heldTeam = (c: Draft) => c.teamId;
const heldInitialAgent = (c: Draft) => [c.agentId, c.answerType];
const heldLastAgent = (c: Draft) => c.lastAgentId;
const agentOf = (a: AgentConnection) => [a.agentId, a.answerType];
const agentIdOf = (a: AgentConnection) => a.agentId;

export interface AgentConnection {
  readonly agentId: string;
  readonly answerType: AnswerType;
}

/**
 * A queue entry (Queued or Requeued). queueId is the first queue entered, lastQueueId the latest,
 * priority the latest one stated (a Requeued without priority keeps the previous one).
 */
export function enterQueue(d: Draft, clock: Clock, queueId: string, priority: number | null): void {
  d.queuedAt = earliest(d.queuedAt, clock.at);
  d.queueEntries += 1;
  if (claim(d, 'initialQueue', clock, FIRST, queueId, same, heldQueueId)) d.queueId = queueId;
  if (claim(d, 'lastQueue', clock, LAST, queueId, same, heldLastQueue)) d.lastQueueId = queueId;
  if (priority !== null && claim(d, 'priority', clock, LAST, priority, same, heldPriority)) d.priority = priority;
}

/**
 * An event that names a queue without entering it (deflection, assignment failure, timeout, an
 * offer, a connection, a transfer or enqueue to a queue). It fills queueId only while no queue
 * entry is known, so a queue-full deflection still tells which queue it was meant for. Once an
 * entry exists its register outranks this one for good, so arrival order cannot matter.
 */
export function hintQueue(d: Draft, clock: Clock, queueId: string): void {
  if (claim(d, 'queueHint', clock, FIRST, queueId, same, heldQueueId) && d.clocks['initialQueue'] === undefined) {
    d.queueId = queueId;
  }
}

/**
 * teamId is the team of the first connected agent whose team is known, else the team of the first
 * queue entry that states one. Both registers are kept; the agent one outranks the queue one.
 * Every team seen goes into the `teams` set.
 */
export function offerTeam(d: Draft, clock: Clock, teamId: string, source: 'agentTeam' | 'queueTeam'): void {
  d.teams = insertDistinctString(d.teams, teamId);
  if (!claim(d, source, clock, FIRST, teamId, same, heldTeam)) return;
  if (source === 'agentTeam' || d.clocks['agentTeam'] === undefined) d.teamId = teamId;
}

/** Adds a team to the `teams` set only (an offer's team: the agent may not take the call). */
export function seeTeam(d: Draft, teamId: string): void {
  d.teams = insertDistinctString(d.teams, teamId);
}

/** An agent (or a supervisor taking over) is talking with the customer. */
export function connectAgent(d: Draft, clock: Clock, agent: AgentConnection): void {
  d.connectedAt = earliest(d.connectedAt, clock.at);
  if (agent.answerType === 'HUMAN') d.humanConnectedAt = earliest(d.humanConnectedAt, clock.at);
  d.agents = insertDistinctString(d.agents, agent.agentId);
}

/** Connected events also compete for the initial agent (first) and the last agent (latest). */
export function claimAgent(d: Draft, clock: Clock, agent: AgentConnection): void {
  if (claim(d, 'initialAgent', clock, FIRST, agent, agentOf, heldInitialAgent)) {
    d.agentId = agent.agentId;
    d.answerType = agent.answerType;
  }
  if (claim(d, 'lastAgent', clock, LAST, agent, agentIdOf, heldLastAgent)) d.lastAgentId = agent.agentId;
}
