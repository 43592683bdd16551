import { abortOutcomes, GroupGate, groupOffsets, shouldCloseGroup } from './transaction-group';

const open = { members: 2, arriving: 1, openMs: 3, maxWaitMs: 10, maxMembers: 6 };

describe('shouldCloseGroup', () => {
  it('given a batch of the fetch still on its way, when the wait and the member count are below their caps, then the group stays open', () => {
    expect(shouldCloseGroup(open)).toBe(false);
  });

  it('given every batch that entered the handler is at the gate, when checked, then the group closes', () => {
    expect(shouldCloseGroup({ ...open, arriving: 0 })).toBe(true);
  });

  it('given a batch still on its way, when the group waited its maximum or holds as many batches as the engine hands over, then it closes anyway', () => {
    expect([shouldCloseGroup({ ...open, openMs: 10 }), shouldCloseGroup({ ...open, members: 6 })]).toEqual([true, true]);
  });

  it('given no member, when nothing is arriving either, then there is nothing to close', () => {
    expect(shouldCloseGroup({ ...open, members: 0, arriving: 0 })).toBe(false);
  });
});

describe('groupOffsets', () => {
  it('given members of several topics and partitions, when their offsets are added, then one entry each at last + 1, sorted', () => {
    const offsets = groupOffsets([
      { topic: 'b', partition: 0, lastOffset: '9' },
      { topic: 'a', partition: 2, lastOffset: '9007199254740993' },
      { topic: 'a', partition: 1, lastOffset: '0' },
    ]);

    expect(offsets).toEqual([
      { topic: 'a', partition: 1, offset: '1' },
      { topic: 'a', partition: 2, offset: '9007199254740994' },
      { topic: 'b', partition: 0, offset: '10' },
    ]);
  });

  it('given one partition twice, when the offsets would be added, then it refuses', () => {
    expect(() => groupOffsets([{ topic: 'a', partition: 1, lastOffset: '3' }, { topic: 'a', partition: 1, lastOffset: '5' }])).toThrow('a|1 appears twice in one transaction');
  });
});

describe('abortOutcomes', () => {
  it('given one member caused the abort, when outcomes are decided, then it failed, the others are rewound and a lost one is stale', () => {
    const outcomes = abortOutcomes([{ owned: true, blamed: false }, { owned: true, blamed: true }, { owned: false, blamed: false }], false);

    expect(outcomes).toEqual(['rewound', 'failed', 'stale']);
  });

  it('given the abort came from a lost partition, when outcomes are decided, then no member counts a failure', () => {
    expect(abortOutcomes([{ owned: true, blamed: true }, { owned: false, blamed: true }], true)).toEqual(['rewound', 'stale']);
  });
});

describe('GroupGate', () => {
  it('given three batches arrive and one leaves without joining, when the other two join, then they run as one group, and a later one as the next group after it', async () => {
    const runs: string[][] = [];
    let releaseFirst!: () => void;
    const firstRunning = new Promise<void>((resolve) => (releaseFirst = resolve));
    const gate = new GroupGate<string>({
      maxWaitMs: 60_000,
      maxMembers: 8,
      run: async (members) => {
        runs.push([...members]);
        if (runs.length === 1) await firstRunning;
      },
    });
    const [a, b, c] = [gate.arrive(), gate.arrive(), gate.arrive()];

    const joinedA = gate.join('a', a);
    c();
    const joinedB = gate.join('b', b);
    const lateArrival = gate.arrive();
    const joinedD = gate.join('d', lateArrival);
    await new Promise((r) => setImmediate(r));
    const whileFirstRuns = runs.map((r) => [...r]);
    releaseFirst();
    await Promise.all([joinedA, joinedB, joinedD]);

    expect(whileFirstRuns).toEqual([['a', 'b']]);
    expect(runs).toEqual([['a', 'b'], ['d']]);
  });
});
