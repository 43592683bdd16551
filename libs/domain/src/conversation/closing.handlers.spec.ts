import { at, makeEvent } from './testing/event-builders';
import { project } from './testing/project';

describe('closing events', () => {
  it('Ended sets endedAt (last disconnect), hangup source, reason and phase ENDED', () => {
    const c = project(
      makeEvent('Connected', at(10)),
      makeEvent('Ended', at(200), { hangupSource: 'AGENT', reason: 'normal_clearing' }),
      makeEvent('Ended', at(150), { hangupSource: 'CUSTOMER', reason: 'leg_1' }),
    );
    expect([c.endedAt, c.hangupSource, c.endReason, c.phase]).toEqual([at(200), 'AGENT', 'normal_clearing', 'ENDED']);
  });

  it('WrapUpStarted after the end moves to WRAP_UP until WrapUpEnded', () => {
    const ended = [makeEvent('Connected', at(10)), makeEvent('Ended', at(100))];
    const started = makeEvent('WrapUpStarted', at(101), { agentId: 'a-1' });
    const done = makeEvent('WrapUpEnded', at(160), { agentId: 'a-1', dispositionCode: 'RESOLVED', notes: 'Refund issued' });
    const wrapping = project(...ended, started);
    expect([wrapping.phase, wrapping.wrapUpStartedAt, wrapping.wrapUpEndedAt]).toEqual(['WRAP_UP', at(101), null]);
    const finished = project(done, ...ended, started);
    expect(finished).toMatchObject({ phase: 'ENDED', wrapUpStartedAt: at(101), wrapUpEndedAt: at(160), dispositionCode: 'RESOLVED', dispositionNotes: 'Refund issued' });
  });

  it('WrapUpStarted before the end does not change the live phase', () => {
    // given agent 1 wraps up after transferring while the customer talks to agent 2
    const c = project(makeEvent('Connected', at(10), { agentId: 'a-2' }), makeEvent('WrapUpStarted', at(20), { agentId: 'a-1' }));
    expect([c.phase, c.wrapUpStartedAt]).toEqual(['CONNECTED', at(20)]);
  });

  it('a second agent’s open wrap-up keeps the phase WRAP_UP after the first one closed', () => {
    const c = project(
      makeEvent('WrapUpStarted', at(50), { agentId: 'a-1' }),
      makeEvent('WrapUpEnded', at(60), { agentId: 'a-1' }),
      makeEvent('Ended', at(100)),
      makeEvent('WrapUpStarted', at(101), { agentId: 'a-2' }),
    );
    expect([c.phase, c.wrapUpStartedAt, c.wrapUpEndedAt]).toEqual(['WRAP_UP', at(50), at(60)]);
  });

  it('WrapUpEnded without code or notes does not erase an earlier disposition', () => {
    const c = project(
      makeEvent('WrapUpEnded', at(50), { agentId: 'a-1', dispositionCode: 'SALE', notes: null }),
      makeEvent('WrapUpEnded', at(90), { agentId: 'a-2', dispositionCode: null, notes: null }),
    );
    expect([c.dispositionCode, c.dispositionNotes, c.wrapUpEndedAt]).toEqual(['SALE', null, at(90)]);
  });
});
