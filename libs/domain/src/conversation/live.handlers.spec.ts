import { at, makeEvent } from './testing/event-builders';
import { project } from './testing/project';

describe('live-call events', () => {
  it('HoldStarted / HoldEnded record sorted hold times and move HELD -> CONNECTED', () => {
    // given two holds delivered shuffled
    const events = [
      makeEvent('Connected', at(10)),
      makeEvent('HoldStarted', at(60)),
      makeEvent('HoldEnded', at(90)),
      makeEvent('HoldStarted', at(20)),
      makeEvent('HoldEnded', at(30)),
    ];
    // when folded
    const c = project(...events);
    // then the times are sorted, and the latest event (HoldEnded at 90) sets the phase
    expect(c.holdStarts).toEqual([at(20), at(60)]);
    expect(c.holdEnds).toEqual([at(30), at(90)]);
    expect(c.phase).toBe('CONNECTED');
    expect(project(makeEvent('Connected', at(10)), makeEvent('HoldStarted', at(60))).phase).toBe('HELD');
  });

  it('Transferred records the transfer (sorted by time), moves to SWITCHING and names a target queue', () => {
    const toQueue = makeEvent('Transferred', at(80), { targetType: 'QUEUE', target: 'q-retention', initiatedBy: 'AGENT', initiatorId: 'a-1' });
    const toExternal = makeEvent('Transferred', at(40), { targetType: 'EXTERNAL', target: '+14155550100', initiatedBy: 'SUPERVISOR', initiatorId: 'sup-1' });
    const c = project(toQueue, toExternal);
    expect(c.transfers).toEqual([
      { at: at(40), targetType: 'EXTERNAL', target: '+14155550100', initiatedBy: 'SUPERVISOR', initiatorId: 'sup-1' },
      { at: at(80), targetType: 'QUEUE', target: 'q-retention', initiatedBy: 'AGENT', initiatorId: 'a-1' },
    ]);
    expect(c.phase).toBe('SWITCHING');
    expect(c.queueId).toBe('q-retention');
  });

  it('ParticipantJoined adds one record per join and adds agent legs to agents', () => {
    const c = project(
      makeEvent('ParticipantJoined', at(30), { participantId: 'leg-a2', role: 'AGENT', agentId: 'a-2' }),
      makeEvent('ParticipantJoined', at(35), { participantId: 'leg-sup', role: 'SUPERVISOR', agentId: 'sup-1' }),
    );
    expect(c.participants).toEqual([
      { participantId: 'leg-a2', role: 'AGENT', agentId: 'a-2', joinedAt: at(30), leftAt: null },
      { participantId: 'leg-sup', role: 'SUPERVISOR', agentId: 'sup-1', joinedAt: at(35), leftAt: null },
    ]);
    expect(c.agents).toEqual(['a-2']);
  });

  it('ParticipantLeft before its join waits in participantLeaves, then pairs with the join', () => {
    // given the leave arrives first
    const left = makeEvent('ParticipantLeft', at(50), { participantId: 'leg-1' });
    const joined = makeEvent('ParticipantJoined', at(30), { participantId: 'leg-1', role: 'EXTERNAL' });
    // when only the leave is folded / then it waits
    expect(project(left).participantLeaves).toEqual([{ participantId: 'leg-1', at: at(50) }]);
    expect(project(left).participants).toEqual([]);
    // when the join arrives / then they pair, whatever the order
    for (const c of [project(left, joined), project(joined, left)]) {
      expect(c.participants).toEqual([{ participantId: 'leg-1', role: 'EXTERNAL', agentId: null, joinedAt: at(30), leftAt: at(50) }]);
      expect(c.participantLeaves).toEqual([]);
    }
  });

  it('a re-join is a new participant record, each paired with its own leave', () => {
    const events = [
      makeEvent('ParticipantLeft', at(70), { participantId: 'p' }),
      makeEvent('ParticipantJoined', at(60), { participantId: 'p', role: 'AGENT', agentId: 'a-1' }),
      makeEvent('ParticipantLeft', at(20), { participantId: 'p' }),
      makeEvent('ParticipantJoined', at(10), { participantId: 'p', role: 'AGENT', agentId: 'a-1' }),
    ];
    const c = project(...events);
    expect(c.participants.map((p) => [p.joinedAt, p.leftAt])).toEqual([
      [at(10), at(20)],
      [at(60), at(70)],
    ]);
    expect(c.participantLeaves).toEqual([]);
  });

  it('SupervisorActed records every action sorted by time', () => {
    const c = project(
      makeEvent('SupervisorActed', at(40), { action: 'COACHING_NOTE', supervisorId: 'sup-1', note: 'Offer the payment plan' }),
      makeEvent('SupervisorActed', at(20), { action: 'LISTEN_STARTED', supervisorId: 'sup-1' }),
    );
    expect(c.supervisorActions).toEqual([
      { at: at(20), action: 'LISTEN_STARTED', supervisorId: 'sup-1', note: null, queueId: null },
      { at: at(40), action: 'COACHING_NOTE', supervisorId: 'sup-1', note: 'Offer the payment plan', queueId: null },
    ]);
  });

  it('SupervisorActed TAKE_OVER connects the supervisor as a human; HAND_BACK returns to the virtual agent', () => {
    const bot = makeEvent('Connected', at(2), { agentId: 'bot-1', answerType: 'VIRTUAL' });
    const takeOver = makeEvent('SupervisorActed', at(60), { action: 'TAKE_OVER', supervisorId: 'sup-1' });
    const c = project(bot, takeOver);
    expect([c.humanConnectedAt, c.agents, c.phase, c.agentId, c.answerType]).toEqual([at(60), ['bot-1', 'sup-1'], 'CONNECTED', 'bot-1', 'VIRTUAL']);
    const back = project(bot, takeOver, makeEvent('SupervisorActed', at(90), { action: 'HAND_BACK', supervisorId: 'sup-1' }));
    expect(back.phase).toBe('VA_CONNECTED');
  });

  it('SupervisorActed ENQUEUE_HUMAN moves to QUEUED and names the queue', () => {
    const c = project(makeEvent('SupervisorActed', at(30), { action: 'ENQUEUE_HUMAN', supervisorId: 'sup-1', queueId: 'q-humans' }));
    expect([c.phase, c.queueId, c.queueEntries]).toEqual(['QUEUED', 'q-humans', 0]);
  });

  it('SupervisorActed LISTEN_STOPPED and END leave the phase alone', () => {
    const c = project(
      makeEvent('Connected', at(2)),
      makeEvent('SupervisorActed', at(30), { action: 'LISTEN_STOPPED' }),
      makeEvent('SupervisorActed', at(31), { action: 'END' }),
    );
    expect(c.phase).toBe('CONNECTED');
    expect(c.supervisorActions.map((a) => a.action)).toEqual(['LISTEN_STOPPED', 'END']);
  });

  it('MessageSent counts messages and keeps the latest message time', () => {
    const c = project(makeEvent('MessageSent', at(30), { sender: 'AGENT' }), makeEvent('MessageSent', at(10), { sender: 'CUSTOMER' }));
    expect([c.messageCount, c.lastMessageAt]).toEqual([2, at(30)]);
  });
});
