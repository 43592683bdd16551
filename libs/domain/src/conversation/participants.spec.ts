import { at, makeEvent } from './testing/event-builders';
import { project } from './testing/project';

const join = (s: number, participantId = 'p') => makeEvent('ParticipantJoined', at(s), { participantId, role: 'EXTERNAL' });
const leave = (s: number, participantId = 'p') => makeEvent('ParticipantLeft', at(s), { participantId });
const spans = (...events: Parameters<typeof project>) => project(...events).participants.map((p) => [p.participantId, p.joinedAt, p.leftAt]);

describe('participant pairing', () => {
  it('gives each join the earliest leave before the next join', () => {
    expect(spans(leave(50), join(10), leave(20), join(40))).toEqual([
      ['p', at(10), at(20)],
      ['p', at(40), at(50)],
    ]);
  });

  it('leaves a join open when its leave has not arrived, even if a later leave has', () => {
    // given joins at 10 and 40 and only the second one's leave
    const c = project(join(10), join(40), leave(50));
    // then the first stays open and the leave belongs to the second
    expect(c.participants.map((p) => p.leftAt)).toEqual([null, at(50)]);
    expect(c.participantLeaves).toEqual([]);
  });

  it('re-pairs when an earlier leave arrives later', () => {
    // given a leave at 50 first paired with the join at 10 (no second join known yet)
    expect(spans(join(10), leave(50))).toEqual([['p', at(10), at(50)]]);
    // when the second join and the first leave arrive
    // then each join gets its own leave
    expect(spans(join(10), leave(50), join(40), leave(20))).toEqual([
      ['p', at(10), at(20)],
      ['p', at(40), at(50)],
    ]);
  });

  it('keeps a surplus leave (same interval) waiting, sorted by time', () => {
    const c = project(join(10), leave(20), leave(30), leave(5, 'q'));
    expect(c.participants.map((p) => p.leftAt)).toEqual([at(20)]);
    expect(c.participantLeaves).toEqual([
      { participantId: 'q', at: at(5) },
      { participantId: 'p', at: at(30) },
    ]);
  });

  it('pairs participants independently and sorts records by join time', () => {
    expect(spans(join(30, 'b'), leave(40, 'a'), join(10, 'a'), leave(35, 'b'))).toEqual([
      ['a', at(10), at(40)],
      ['b', at(30), at(35)],
    ]);
  });
});
