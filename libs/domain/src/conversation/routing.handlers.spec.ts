import { at, makeEvent } from './testing/event-builders';
import { project } from './testing/project';

describe('routing events', () => {
  it('Queued sets queuedAt, the initial and last queue, priority, team, one entry and phase QUEUED', () => {
    const c = project(makeEvent('Queued', at(3), { queueId: 'q-billing', priority: 2, teamId: 'team-billing' }));
    expect(c).toMatchObject({
      queuedAt: at(3),
      queueId: 'q-billing',
      lastQueueId: 'q-billing',
      priority: 2,
      queueEntries: 1,
      requeues: 0,
      teamId: 'team-billing',
      teams: ['team-billing'],
      phase: 'QUEUED',
    });
  });

  it('Queued twice (a queue transfer): first queue kept as queueId, latest as lastQueueId', () => {
    const first = makeEvent('Queued', at(3), { queueId: 'q-billing', priority: 5 });
    const second = makeEvent('Queued', at(90), { queueId: 'q-retention', priority: 1 });
    for (const c of [project(first, second), project(second, first)]) {
      expect([c.queueId, c.lastQueueId, c.priority, c.queueEntries, c.queuedAt]).toEqual(['q-billing', 'q-retention', 1, 2, at(3)]);
    }
  });

  it('Requeued counts a queue entry and a requeue, keeps the stated priority, phase REQUEUED', () => {
    // given a queued call requeued without a priority
    const c = project(makeEvent('Queued', at(3), { queueId: 'q-1', priority: 3 }), makeEvent('Requeued', at(80), { queueId: 'q-2', priority: null, reason: 'agent_dropped' }));
    // then the priority stays the last stated one
    expect([c.queueEntries, c.requeues, c.lastQueueId, c.priority, c.queueId]).toEqual([2, 1, 'q-2', 3, 'q-1']);
    expect(c.phase).toBe('REQUEUED');
  });

  it('OfferedToAgent sets assignedAt (first), adds the team and moves to ASSIGNED / VA_ASSIGNED', () => {
    const human = project(makeEvent('OfferedToAgent', at(9), { agentId: 'a-2', teamId: 'team-x', queueId: 'q-1' }), makeEvent('OfferedToAgent', at(5), { agentId: 'a-1' }));
    expect([human.assignedAt, human.teams, human.phase, human.queueId]).toEqual([at(5), ['team-x'], 'ASSIGNED', 'q-1']);
    // an offer is not a connection: no agent is recorded
    expect([human.agentId, human.agents, human.teamId]).toEqual([null, [], null]);
    const virtual = project(makeEvent('OfferedToAgent', at(5), { agentId: 'bot-1', answerType: 'VIRTUAL' }));
    expect(virtual.phase).toBe('VA_ASSIGNED');
  });

  it('OfferDeclined counts rejected and missed offers separately and goes back to QUEUED', () => {
    const c = project(
      makeEvent('OfferedToAgent', at(5)),
      makeEvent('OfferDeclined', at(6), { outcome: 'REJECTED' }),
      makeEvent('OfferDeclined', at(20), { outcome: 'MISSED' }),
      makeEvent('OfferDeclined', at(40), { outcome: 'MISSED' }),
    );
    expect([c.offersDeclined, c.offersMissed, c.phase]).toEqual([1, 2, 'QUEUED']);
  });

  it('AssignmentFailed sets assignmentFailedAt (first) and names the queue', () => {
    const c = project(makeEvent('AssignmentFailed', at(30), { queueId: 'q-1' }), makeEvent('AssignmentFailed', at(10)));
    expect([c.assignmentFailedAt, c.queueId]).toEqual([at(10), 'q-1']);
  });

  it('QueueTimedOut sets queueTimedOutAt (first) and names the queue', () => {
    const c = project(makeEvent('QueueTimedOut', at(300), { queueId: 'q-1' }));
    expect([c.queueTimedOutAt, c.queueId, c.queueEntries]).toEqual([at(300), 'q-1', 0]);
  });

  it('a queue entry outranks a queue only named by another event, in any order', () => {
    const named = makeEvent('Connected', at(1), { queueId: 'q-named' });
    const entered = makeEvent('Queued', at(5), { queueId: 'q-entered' });
    expect(project(named, entered).queueId).toBe('q-entered');
    expect(project(entered, named).queueId).toBe('q-entered');
  });

  it('Connecting sets connectingAt (first) and phase CONNECTING', () => {
    const c = project(makeEvent('Connecting', at(12), { agentId: 'a-1' }), makeEvent('Connecting', at(11)));
    expect([c.connectingAt, c.phase]).toEqual([at(11), 'CONNECTING']);
  });

  it('Connected sets the initial agent, last agent, agents, answer type, times and phase', () => {
    // given a human answer then a transfer to a second agent, delivered reversed
    const first = makeEvent('Connected', at(10), { agentId: 'a-1', answerType: 'HUMAN', teamId: 'team-1', queueId: 'q-1' });
    const second = makeEvent('Connected', at(100), { agentId: 'a-2', answerType: 'HUMAN', teamId: 'team-2' });
    const c = project(second, first);
    // then
    expect(c).toMatchObject({
      agentId: 'a-1',
      lastAgentId: 'a-2',
      answerType: 'HUMAN',
      agents: ['a-1', 'a-2'],
      teams: ['team-1', 'team-2'],
      teamId: 'team-1',
      connectedAt: at(10),
      humanConnectedAt: at(10),
      queueId: 'q-1',
      phase: 'CONNECTED',
    });
  });

  it('Connected by a virtual agent: VA_CONNECTED, no human connection yet', () => {
    const c = project(makeEvent('Connected', at(2), { agentId: 'bot-1', answerType: 'VIRTUAL' }));
    expect([c.answerType, c.connectedAt, c.humanConnectedAt, c.phase]).toEqual(['VIRTUAL', at(2), null, 'VA_CONNECTED']);
  });

  it('teamId: the first connected agent’s team outranks the first queue’s team, in any order', () => {
    const queued = makeEvent('Queued', at(3), { teamId: 'team-queue' });
    const connected = makeEvent('Connected', at(10), { teamId: 'team-agent' });
    expect(project(queued, connected).teamId).toBe('team-agent');
    expect(project(connected, queued).teamId).toBe('team-agent');
    expect(project(queued, makeEvent('Connected', at(10), { teamId: null })).teamId).toBe('team-queue');
  });
});
