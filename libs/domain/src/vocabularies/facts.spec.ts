import { recoveredFromFailure } from './failure.facts';
import { handleMs, wrapUpMs } from './handle.facts';
import { firstHandOffFrom, handOffTimes, queuedByHandOff, wasHandedOff } from './hand-off.facts';
import { holdIntervals, holdSummary } from './hold.facts';
import { answeredInbound, at, started, T0 } from './testing/conversation.fixtures';
import { elapsedMs, timelineOf, utcDateOf } from './timeline.facts';

const transfer = (seconds: number) => ({ at: at(seconds), targetType: 'AGENT' as const, target: 'agent-bo', initiatedBy: 'AGENT' as const, initiatorId: null });
const supervisor = (seconds: number, action: 'TAKE_OVER' | 'HAND_BACK' | 'ENQUEUE_HUMAN' | 'COACHING_NOTE') => ({
  at: at(seconds),
  action,
  supervisorId: 'sup-1',
  note: null,
  queueId: null,
});

describe('holdIntervals', () => {
  it('given alternating starts and ends, when paired, then each start takes the next end', () => {
    expect(holdIntervals([10, 30], [20, 40])).toEqual([
      { from: 10, to: 20 },
      { from: 30, to: 40 },
    ]);
  });

  it('given a hold ending exactly when the next starts, when paired, then they are two holds', () => {
    expect(holdIntervals([10, 20], [20, 30])).toEqual([
      { from: 10, to: 20 },
      { from: 20, to: 30 },
    ]);
  });

  it('given a start and an end at the same instant, when paired, then it is one zero-length hold', () => {
    expect(holdIntervals([10], [10])).toEqual([{ from: 10, to: 10 }]);
  });

  it('given a lost end (two starts in a row), when paired, then the second start continues the same hold', () => {
    expect(holdIntervals([10, 15], [30])).toEqual([{ from: 10, to: 30 }]);
  });

  it('given an end with no start before it, when paired, then the stray end is ignored', () => {
    expect(holdIntervals([20], [5, 30])).toEqual([{ from: 20, to: 30 }]);
  });

  it('given a start without an end, when paired, then the hold is open', () => {
    expect(holdIntervals([10, 50], [20])).toEqual([
      { from: 10, to: 20 },
      { from: 50, to: null },
    ]);
  });
});

describe('holdSummary', () => {
  it('given two closed holds, when summed over the whole conversation, then count 2 and their total', () => {
    const call = answeredInbound({ holdStarts: [at(50), at(100)], holdEnds: [at(60), at(130)] });
    expect(holdSummary(call, null)).toEqual({ count: 2, totalMs: 40_000 });
  });

  it('given a hold still open at the disconnect, when summed, then it lasts until the disconnect', () => {
    const call = answeredInbound({ holdStarts: [at(150)], holdEnds: [], endedAt: at(160) });
    expect(holdSummary(call, null)).toEqual({ count: 1, totalMs: 10_000 });
  });

  it('given a live conversation on hold, when summed, then the open hold counts but has no length yet', () => {
    const call = answeredInbound({ holdStarts: [at(150)], holdEnds: [], endedAt: null, phase: 'HELD' });
    expect(holdSummary(call, null)).toEqual({ count: 1, totalMs: 0 });
  });

  it('given a window ending at a transfer, when summed, then a hold across it is cut and later holds are left out', () => {
    const call = answeredInbound({ holdStarts: [at(60), at(120)], holdEnds: [at(100), at(130)] });
    expect(holdSummary(call, at(80))).toEqual({ count: 1, totalMs: 20_000 });
  });
});

describe('hand-offs', () => {
  it('given a transfer, an Enqueue and a take-over never handed back, when listed, then all three are hand-offs in time order', () => {
    const call = answeredInbound({
      transfers: [transfer(90)],
      supervisorActions: [supervisor(60, 'ENQUEUE_HUMAN'), supervisor(120, 'TAKE_OVER')],
    });
    expect(handOffTimes(call)).toEqual([at(60), at(90), at(120)]);
  });

  it('given a take-over that was handed back and a coaching note, when listed, then there is no hand-off', () => {
    const call = answeredInbound({
      supervisorActions: [supervisor(60, 'TAKE_OVER'), supervisor(70, 'COACHING_NOTE'), supervisor(80, 'HAND_BACK')],
    });
    expect(handOffTimes(call)).toEqual([]);
    expect(wasHandedOff(call)).toBe(false);
  });

  it('given a transfer before the acceptance and one after, when asked for the first from the acceptance, then the later one', () => {
    const call = answeredInbound({ transfers: [transfer(10), transfer(90)] });
    expect(firstHandOffFrom(call, at(40))).toBe(at(90));
  });

  it('given an AI agent that answered and a supervisor Enqueue before the first queue entry, when asked, then the queue entry came from the hand-off', () => {
    const call = started({ connectedAt: at(2), supervisorActions: [supervisor(30, 'ENQUEUE_HUMAN')], queuedAt: at(31) });
    expect(queuedByHandOff(call)).toBe(true);
  });

  it('given a queue entry stamped after the acceptance with no hand-off, when asked, then it is not a hand-off (clock skew)', () => {
    const call = started({ connectedAt: at(40), queuedAt: at(40.2) });
    expect(queuedByHandOff(call)).toBe(false);
  });
});

describe('timelineOf', () => {
  it('given no SessionCreated yet, when ordered, then there is no timeline', () => {
    expect(timelineOf(started({ createdAt: null }))).toBeNull();
  });

  it('given a normal call, when ordered, then the milestones are the projection facts', () => {
    expect(timelineOf(answeredInbound())).toEqual({ start: T0, queueEnter: at(20), accept: at(40), end: at(160) });
  });

  it('given a queue entry stamped before SessionCreated by another emitter, when ordered, then the start moves back to it', () => {
    expect(timelineOf(answeredInbound({ queuedAt: at(-0.5) }))?.start).toBe(at(-0.5));
  });

  it('given a non-lifecycle event stamped long before SessionCreated, when ordered, then the start stays at SessionCreated', () => {
    expect(timelineOf(answeredInbound({ firstEventAt: at(-3600) }))?.start).toBe(T0);
  });

  it('given a queue entry stamped after the acceptance without a hand-off, when ordered, then it is clamped to the acceptance', () => {
    expect(timelineOf(answeredInbound({ queuedAt: at(40.3) }))?.queueEnter).toBe(at(40));
  });

  it('given a direct-to-agent call transferred to a queue later, when ordered, then it has no initial queue entry', () => {
    const call = answeredInbound({ queuedAt: at(100), transfers: [{ ...transfer(99), targetType: 'QUEUE' }] });
    expect(timelineOf(call)?.queueEnter).toBeNull();
  });

  it('given a disconnect stamped before the acceptance, when ordered, then the end is the acceptance', () => {
    expect(timelineOf(answeredInbound({ endedAt: at(39) }))?.end).toBe(at(40));
  });

  it('given a live call, when ordered, then it has no end', () => {
    expect(timelineOf(answeredInbound({ endedAt: null }))?.end).toBeNull();
  });
});

describe('elapsedMs and utcDateOf', () => {
  it('given an end before its start, when measured, then the span is 0', () => {
    expect(elapsedMs(at(10), at(9))).toBe(0);
  });

  it('given an unknown end, when measured, then the span is unknown', () => {
    expect(elapsedMs(at(10), null)).toBeNull();
  });

  it('given an instant late in the UTC day, when dated, then the UTC calendar date', () => {
    expect(utcDateOf(Date.UTC(2025, 11, 31, 23, 59, 59))).toBe('2025-12-31');
  });
});

describe('handle and wrap-up', () => {
  it('given an answered call with wrap-up, when measured, then handle runs from the connection to the end of wrap-up', () => {
    expect(handleMs(answeredInbound())).toBe(150_000);
    expect(wrapUpMs(answeredInbound())).toBe(30_000);
  });

  it('given an answered call without wrap-up, when measured, then handle ends at the disconnect', () => {
    expect(handleMs(answeredInbound({ wrapUpStartedAt: null, wrapUpEndedAt: null }))).toBe(120_000);
  });

  it('given an agent still in wrap-up, when measured, then handle is not known yet', () => {
    expect(handleMs(answeredInbound({ wrapUpEndedAt: null }))).toBeNull();
  });

  it('given a preview campaign call offered at 5 s and connected at 40 s, when measured, then handle includes the pre-call work', () => {
    const call = answeredInbound({ dialMode: 'PREVIEW', previewState: 'READY', assignedAt: at(5), dialingAt: at(30) });
    expect(handleMs(call)).toBe(185_000);
  });

  it('given a call no agent received, when measured, then there is no handle time', () => {
    expect(handleMs(started({ endedAt: at(20) }))).toBeNull();
  });
});

describe('recoveredFromFailure', () => {
  it('given a failure followed by a connection, when asked, then it recovered', () => {
    expect(recoveredFromFailure(answeredInbound({ failedAt: at(30) }))).toBe(true);
  });

  it('given a mid-call failure and an agent re-joining after it, when asked, then it recovered', () => {
    const call = answeredInbound({
      failedAt: at(100),
      participants: [{ participantId: 'p2', role: 'AGENT', agentId: 'agent-bo', joinedAt: at(110), leftAt: null }],
    });
    expect(recoveredFromFailure(call)).toBe(true);
  });

  it('given a mid-call failure and nothing after it, when asked, then it did not recover', () => {
    expect(recoveredFromFailure(answeredInbound({ failedAt: at(100) }))).toBe(false);
  });
});
