import { createFetchCoalescer } from './fetch-coalescer';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup(options: { maxWaitMs?: number; fail?: boolean } = {}) {
  const groups: string[][] = [];
  const coalescer = createFetchCoalescer<string>({
    maxWaitMs: options.maxWaitMs ?? 60_000,
    flush: async (members) => {
      groups.push([...members]);
      if (options.fail) throw new Error('insert failed');
    },
  });
  return { coalescer, groups };
}

describe('fetch coalescer', () => {
  it('given batches whose decodes run at the same time, when the last decode finishes, then all of them are flushed as one group', async () => {
    const { coalescer, groups } = setup();
    const slow = deferred<string>();
    const decodeFast = coalescer.trackDecode(async (x: string) => x);
    const decodeSlow = coalescer.trackDecode(() => slow.promise);

    const first = decodeFast('p0').then((b) => coalescer.submit(b));
    const second = decodeSlow('p1').then((b) => coalescer.submit(b));
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([]);
    slow.resolve('p1');
    await Promise.all([first, second]);

    expect(groups).toEqual([['p0', 'p1']]);
  });

  it('given a decode that does not finish, when the longest wait has passed, then the batches already there are flushed without it', async () => {
    const { coalescer, groups } = setup({ maxWaitMs: 5 });
    const never = deferred<string>();
    void coalescer.trackDecode(() => never.promise)('stuck');

    await coalescer.submit('p0');

    expect(groups).toEqual([['p0']]);
  });

  it('given a failing flush, when the group is written, then every member rejects with its error', async () => {
    const { coalescer } = setup({ fail: true });

    const results = await Promise.allSettled([coalescer.submit('p0'), coalescer.submit('p1')]);

    expect(results).toEqual([
      { status: 'rejected', reason: new Error('insert failed') },
      { status: 'rejected', reason: new Error('insert failed') },
    ]);
  });

  it('given a batch arriving while a group is being flushed, when handled, then it forms the next group, flushed after the first', async () => {
    const order: string[] = [];
    const gate = deferred();
    const coalescer = createFetchCoalescer<string>({
      flush: async (members) => {
        order.push(`start ${members.join('+')}`);
        if (members.includes('p0')) await gate.promise;
        order.push(`end ${members.join('+')}`);
      },
    });

    const first = coalescer.submit('p0');
    await new Promise((resolve) => setImmediate(resolve));
    const second = coalescer.submit('p1');
    await new Promise((resolve) => setImmediate(resolve));
    gate.resolve();
    await Promise.all([first, second]);

    expect(order).toEqual(['start p0', 'end p0', 'start p1', 'end p1']);
    expect(coalescer.groups()).toBe(2);
  });
});
