import { headersToStrings, PartitionCommits, toInboundMessage } from './kafkajs.consumer';

describe('kafkajs message conversion', () => {
  it('given kafkajs headers as buffers, strings and repeated values, when converted, then they are UTF-8 strings', () => {
    const headers = headersToStrings({ a: Buffer.from('x'), b: 'y', c: [Buffer.from('1'), '2'], d: undefined });

    expect(headers).toEqual({ a: 'x', b: 'y', c: '1, 2' });
  });

  it('given a kafkajs message, when converted, then offsets and timestamps stay strings and bytes are untouched', () => {
    const value = Buffer.from([0, 1, 2]);

    const message = toInboundMessage('t', 3, { key: null, value, offset: '9007199254740993', timestamp: '1718010915200', attributes: 0, headers: {} });

    expect(message).toEqual({ topic: 't', partition: 3, offset: '9007199254740993', key: null, value, headers: {}, timestamp: '1718010915200' });
    expect(message.value).toBe(value);
  });
});

describe('PartitionCommits', () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('given a commit still in flight, when another commit of the same partition is asked, then it is sent only after the first completed', async () => {
    const commits = new PartitionCommits();
    const sent: string[] = [];
    const first = deferred();

    const a = commits.commit('t|0', '10', async () => {
      sent.push('10 start');
      await first.promise;
      sent.push('10 done');
    });
    const b = commits.commit('t|0', '12', async () => void sent.push('12'));
    await new Promise((r) => setImmediate(r));
    first.resolve();
    await Promise.all([a, b]);

    expect(sent).toEqual(['10 start', '10 done', '12']);
    expect(commits.committed('t|0')).toBe('12');
  });

  it('given an ordinary commit already past a trailing marker, when the control-records commit comes later, then it is skipped rather than rewinding', async () => {
    const commits = new PartitionCommits();
    const sent: string[] = [];

    await commits.commit('t|0', '20', async () => void sent.push('20'));
    await commits.commit('t|0', '4', async () => void sent.push('4'), true);

    expect(sent).toEqual(['20']);
    expect(commits.committed('t|0')).toBe('20');
  });

  it('given a failed commit, when the next one is asked, then it is still sent and the failure stays with the caller', async () => {
    const commits = new PartitionCommits();
    const sent: string[] = [];

    await expect(commits.commit('t|0', '5', async () => Promise.reject(new Error('coordinator moved')))).rejects.toThrow('coordinator moved');
    await commits.commit('t|0', '5', async () => void sent.push('5'));

    expect(sent).toEqual(['5']);
    expect(commits.committed('t|0')).toBe('5');
  });

  it('given a new generation, when reset, then nothing is known to be committed', async () => {
    const commits = new PartitionCommits();
    await commits.commit('t|0', '7', async () => undefined);

    commits.reset();

    expect(commits.committed('t|0')).toBeUndefined();
  });
});
