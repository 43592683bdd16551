import { GroupMembership } from './group-membership';
import { createSilentLogger } from './logger';
import { type TopicPartition } from './kafka.port';

const tp = (partition: number): TopicPartition => ({ topic: 't', partition });
const names = (ps: readonly TopicPartition[]) => ps.map((p) => p.partition).join(',');

function membership() {
  const log: string[] = [];
  const group = new GroupMembership(
    {
      onAssigned: async (ps) => void log.push(`assigned ${names(ps)}`),
      onRevoked: async (ps) => void log.push(`revoked ${names(ps)}`),
    },
    createSilentLogger(),
  );
  return { group, log };
}

describe('group membership (generation guard)', () => {
  it('given no join yet, when asked, then nothing is owned', () => {
    const { group } = membership();

    expect(group.owns(tp(0), group.generation())).toBe(false);
  });

  it('given a join, when a later join keeps the partition, then work of the old generation no longer owns it but new work does', async () => {
    const { group } = membership();
    group.onGroupJoin([tp(0), tp(1)]);
    const first = group.generation();

    group.onGroupJoin([tp(0)]);

    expect(group.owns(tp(0), first)).toBe(false);
    expect(group.owns(tp(0), group.generation())).toBe(true);
    expect(group.owns(tp(1), group.generation())).toBe(false);
  });

  it('given successive joins, when hooks run, then only gained and lost partitions are reported, revoke before assign, in order', async () => {
    const { group, log } = membership();

    group.onGroupJoin([tp(0), tp(1)]);
    group.onGroupJoin([tp(1), tp(2)]);
    await group.ready();

    expect(log).toEqual(['assigned 0,1', 'revoked 0', 'assigned 2']);
    expect(group.isReady()).toBe(true);
  });

  it('given a rebalance started, when asked before the next join, then nothing is owned and the generation signal stays until the join', () => {
    const { group } = membership();
    group.onGroupJoin([tp(0)]);
    const signal = group.signal();

    group.onRebalancing();

    expect(group.owns(tp(0), group.generation())).toBe(false);
    expect(signal.aborted).toBe(false);
    group.onGroupJoin([tp(0)]);
    expect(signal.aborted).toBe(true);
  });

  it('given a crash with restart, when the member rejoins with the same partitions, then they are revoked and assigned again (state is restored)', async () => {
    const { group, log } = membership();
    group.onGroupJoin([tp(0)]);

    group.onCrash(new Error('boom'), true);
    group.onGroupJoin([tp(0)]);
    await group.ready();

    expect(log).toEqual(['assigned 0', 'revoked 0', 'assigned 0']);
    expect(group.fatalError()).toBeUndefined();
  });

  it('given a failing onAssigned hook, when batches wait for it, then ready() rejects and the member is not ready', async () => {
    const group = new GroupMembership({ onAssigned: () => Promise.reject(new Error('restore failed')) }, createSilentLogger());

    group.onGroupJoin([tp(0)]);

    await expect(group.ready()).rejects.toThrow('restore failed');
    expect(group.isReady()).toBe(false);
  });

  it('given leave(), when it completes, then every partition was revoked', async () => {
    const { group, log } = membership();
    group.onGroupJoin([tp(0), tp(1)]);

    await group.leave();

    expect(log).toEqual(['assigned 0,1', 'revoked 0,1']);
    expect(group.assignment()).toEqual([]);
  });
});
