import { awaitWithHeartbeats, backoffDelay, sleepWithHeartbeats } from './retry-backoff';

const policy = { initialMs: 100, maxMs: 1_000, multiplier: 2, jitter: 0.5, random: () => 0 };

describe('retry backoff', () => {
  it('given no randomness, when computing delays, then they double from the initial delay up to the ceiling', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, policy))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('given an injected random, when computing a delay, then up to `jitter` of it is taken off', () => {
    expect(backoffDelay(2, { ...policy, random: () => 1 })).toBe(100);
    expect(backoffDelay(2, { ...policy, random: () => 0.5 })).toBe(150);
  });

  it('given a long wait, when sleeping, then it sleeps in slices and heartbeats after each', async () => {
    const log: string[] = [];

    const elapsed = await sleepWithHeartbeats(2_500, {
      heartbeat: async () => void log.push('hb'),
      stillWanted: () => true,
      sliceMs: 1_000,
      sleep: async (ms) => void log.push(`sleep ${ms}`),
    });

    expect(elapsed).toBe(true);
    expect(log).toEqual(['sleep 1000', 'hb', 'sleep 1000', 'hb', 'sleep 500', 'hb']);
  });

  it('given the wait stops being wanted, when sleeping, then it ends early with false', async () => {
    let slices = 0;

    const elapsed = await sleepWithHeartbeats(5_000, { heartbeat: async () => undefined, stillWanted: () => slices < 2, sliceMs: 1_000, sleep: async () => void slices++ });

    expect([elapsed, slices]).toEqual([false, 2]);
  });

  it('given slow work, when awaited with heartbeats, then it heartbeats until the work settles and returns its value', async () => {
    let heartbeats = 0;
    let finish!: (v: string) => void;
    const work = new Promise<string>((r) => (finish = r));
    let ticks = 0;

    const result = awaitWithHeartbeats(work, {
      heartbeat: async () => void heartbeats++,
      sliceMs: 10,
      sleep: async () => {
        if (++ticks === 3) finish('restored');
        await new Promise((r) => setImmediate(r));
      },
    });

    expect(await result).toBe('restored');
    expect(heartbeats).toBe(2);
  });
});
