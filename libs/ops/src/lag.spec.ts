import { type ConsumerEngine, type KafkaAdmin, type KafkaClient } from '@callfold/kafka';
import { type OldestUnprocessedReader } from './lag-admin';
import { collectLag, type LagRow, lagTotals, rowsFromLogStart } from './lag';
import { formatLagTable, LAG_EXIT, parseLagArgs, runLagCommand } from './lag.command';
import { createLagMonitor } from './lag.monitor';
import { createMetrics } from './metrics';

type Offsets = Record<string, readonly string[]>;

/** committed[group][topic] = offsets by partition; ends[topic] = end offsets by partition. */
function fakeAdmin(ends: Offsets, committed: Record<string, Offsets>, calls: string[] = []): KafkaAdmin {
  return {
    connect: async () => void calls.push('connect'),
    disconnect: async () => void calls.push('disconnect'),
    createTopics: async () => undefined,
    endOffsets: async (topic) => {
      calls.push(`end ${topic}`);
      const list = ends[topic];
      if (!list) throw Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
      return list.map((offset, partition) => ({ partition, offset }));
    },
    committedOffsets: async (group, topic) => {
      if (!ends[topic]) throw Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
      return (ends[topic] ?? []).map((_, partition) => ({ partition, offset: committed[group]?.[topic]?.[partition] ?? '-1' }));
    },
  };
}

const row = (r: Partial<LagRow>): LagRow => ({ group: 'g', topic: 't', partition: 0, committed: '0', end: '0', lag: '0', ...r });

describe('collectLag', () => {
  it('given committed offsets, no commit and a commit past a stale end, then lag is end - committed, from 0 without a commit, and never negative', async () => {
    const admin = fakeAdmin({ t: ['100', '50', '7'] }, { g: { t: ['60', '-1', '9'] } });

    const rows = await collectLag(admin, [{ groupId: 'g', topics: ['t'] }]);

    expect(rows.map((r) => [r.partition, r.committed, r.end, r.lag])).toEqual([
      [0, '60', '100', '40'],
      [1, '-1', '50', '50'],
      [2, '9', '7', '0'],
    ]);
  });

  it('given retention past the head (log start 30), when a group has no commit or a commit below it, then lag counts from the log start and the age is read there', async () => {
    const asked: string[] = [];
    const oldest: OldestUnprocessedReader = { timestamps: async (topic, positions) => (asked.push(positions.map((p) => `${p.partition}@${p.offset}`).join(',')), new Map()) };
    const admin: KafkaAdmin = {
      ...fakeAdmin({ t: ['100', '100', '100'] }, { g: { t: ['-1', '10', '50'] } }),
      endOffsets: async () => [0, 1, 2].map((partition) => ({ partition, offset: '100', logStart: '30' })),
    };

    const rows = await collectLag(admin, [{ groupId: 'g', topics: ['t'] }], { oldest });

    expect(rows.map((r) => [r.partition, r.committed, r.logStart, r.end, r.lag])).toEqual([
      [0, '-1', '30', '100', '70'],
      [1, '10', '30', '100', '70'],
      [2, '50', '30', '100', '50'],
    ]);
    expect(asked).toEqual(['0@30,1@30,2@50']);
    expect(rowsFromLogStart(rows).map((r) => r.partition)).toEqual([0, 1]);
  });

  it('given offsets above 2^53, then the lag is exact', async () => {
    const admin = fakeAdmin({ t: ['9007199254740993'] }, { g: { t: ['9007199254740990'] } });

    expect((await collectLag(admin, [{ groupId: 'g', topics: ['t'] }]))[0]?.lag).toBe('3');
  });

  it('given two groups on one topic, then the end offsets are read once and rows are sorted by group, topic, partition', async () => {
    const calls: string[] = [];
    const admin = fakeAdmin({ a: ['10'], b: ['5', '6'] }, { w: { a: ['4'], b: ['5', '0'] }, p: { a: ['10'] } }, calls);

    const rows = await collectLag(admin, [{ groupId: 'w', topics: ['b', 'a'] }, { groupId: 'p', topics: ['a'] }]);

    expect(rows.map((r) => `${r.group} ${r.topic}[${r.partition}]=${r.lag}`)).toEqual(['p a[0]=0', 'w a[0]=6', 'w b[0]=0', 'w b[1]=6']);
    expect(calls.filter((c) => c === 'end a')).toHaveLength(1);
  });

  it('given a group named without topics, then only callfold topics it committed on are reported, and missing topics are skipped', async () => {
    const admin = fakeAdmin({ 'callfold.call-events.v1': ['10', '20'], 'callfold.conversations.v1': ['5'] }, { adhoc: { 'callfold.call-events.v1': ['-1', '15'] } });

    const rows = await collectLag(admin, [{ groupId: 'adhoc' }]);

    expect(rows.map((r) => `${r.topic}[${r.partition}]=${r.lag}`)).toEqual(['callfold.call-events.v1[0]=10', 'callfold.call-events.v1[1]=5']);
  });

  it('given an oldest-unprocessed reader, then lagging rows carry the record time and age, and up-to-date rows ask nothing', async () => {
    const asked: string[] = [];
    const oldest: OldestUnprocessedReader = {
      timestamps: async (topic, positions) => {
        asked.push(`${topic} ${positions.map((p) => `${p.partition}@${p.offset}`).join(',')}`);
        return new Map([[0, String(Date.parse('2026-01-01T11:58:30Z'))]]);
      },
    };
    const admin = fakeAdmin({ t: ['100', '50'] }, { g: { t: ['60', '50'] } });

    const rows = await collectLag(admin, [{ groupId: 'g', topics: ['t'] }], { oldest, now: () => new Date('2026-01-01T12:00:00Z') });

    expect(asked).toEqual(['t 0@60']);
    expect(rows[0]).toMatchObject({ lag: '40', oldestUnprocessedAt: '2026-01-01T11:58:30.000Z', ageSeconds: 90 });
    expect(rows[1]).not.toHaveProperty('oldestUnprocessedAt');
  });
});

describe('formatLagTable', () => {
  it('given rows, then a header and one aligned line per partition, with - for no commit', () => {
    const table = formatLagTable([
      row({ group: 'callfold-writer', topic: 'callfold.call-events.v1', partition: 0, committed: '1200', end: '1250', lag: '50' }),
      row({ group: 'callfold-writer', topic: 'callfold.call-events.v1', partition: 11, committed: '-1', end: '7', lag: '7' }),
    ]);

    expect(table.split('\n')).toEqual([
      'GROUP            TOPIC                    PARTITION  COMMITTED   END  LAG',
      'callfold-writer  callfold.call-events.v1          0       1200  1250   50',
      'callfold-writer  callfold.call-events.v1         11          -     7    7',
    ]);
  });

  it('given rows with ages, then the oldest-unprocessed columns appear', () => {
    const table = formatLagTable([row({ lag: '3', oldestUnprocessedAt: '2026-01-01T11:58:30.000Z', ageSeconds: 4000 }), row({ partition: 1 })]);

    expect(table.split('\n')[0]).toBe('GROUP  TOPIC  PARTITION  COMMITTED  END  LAG  OLDEST UNPROCESSED        AGE');
    expect(table.split('\n')[1]).toBe('g      t              0          0    0    3  2026-01-01T11:58:30.000Z  66m40s');
    expect(table.split('\n')[2]?.endsWith('-')).toBe(true);
  });

  it('given rows of two groups, then totals are per group', () => {
    expect([...lagTotals([row({ lag: '5' }), row({ partition: 1, lag: '7' }), row({ group: 'h', lag: '0' })])]).toEqual([
      ['g', '12'],
      ['h', '0'],
    ]);
  });
});

describe('parseLagArgs', () => {
  it('given groups with and without topics, a threshold, --age and --json, then options follow', () => {
    const parsed = parseLagArgs(['--group', 'callfold-writer', '--group=adhoc=t1,t2', '--group', 'other', '--threshold', '1000', '--age', '--json'], {});

    expect(parsed).toEqual({
      ok: true,
      options: {
        groups: [
          { groupId: 'callfold-writer', topics: ['callfold.call-events.v1', 'callfold.conversations.v1'] },
          { groupId: 'adhoc', topics: ['t1', 't2'] },
          { groupId: 'other', topics: undefined },
        ],
        threshold: 1000,
        age: true,
        json: true,
      },
    });
  });

  it('given --threshold=5 and nothing else, then the default groups apply (no groups option)', () => {
    expect(parseLagArgs(['--threshold=5'], {})).toEqual({ ok: true, options: { threshold: 5, age: false, json: false } });
  });

  it.each([
    [['--threshold', 'lots'], /--threshold needs a non-negative whole number/],
    [['--threshold'], /--threshold needs/],
    [['--group'], /--group needs a consumer group id/],
    [['--verbose'], /unknown argument "--verbose"/],
  ])('given %j, then a parse error', (argv, message) => {
    const parsed = parseLagArgs(argv, {});
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

function fakeKafka(admin: KafkaAdmin): Pick<KafkaClient, 'admin' | 'consumer'> {
  return { admin: () => admin, consumer: () => ({}) as ConsumerEngine };
}

describe('runLagCommand', () => {
  const admin = () => fakeAdmin({ t: ['100', '10'] }, { g: { t: ['60', '10'] } });

  it('given lag 40 and threshold 39, then exit 1 and the offending partition is named', async () => {
    const out: string[] = [];
    const err: string[] = [];

    const code = await runLagCommand({ groups: [{ groupId: 'g', topics: ['t'] }], threshold: 39, kafka: fakeKafka(admin()), print: (l) => out.push(l), printError: (l) => err.push(l) });

    expect(code).toBe(LAG_EXIT.overThreshold);
    expect(out.join('\n')).toContain('total lag: g 40');
    expect(err).toEqual(['LAG: 1 partition(s) above 39 messages: g t[0]=40']);
  });

  it('given lag 40 and threshold 40, then exit 0 with an OK line', async () => {
    const out: string[] = [];

    const code = await runLagCommand({ groups: [{ groupId: 'g', topics: ['t'] }], threshold: 40, kafka: fakeKafka(admin()), print: (l) => out.push(l) });

    expect(code).toBe(LAG_EXIT.ok);
    expect(out[out.length - 1]).toBe('OK: no partition lags by more than 40 messages');
  });

  it('given retention past a commit, then the table is followed by a line naming the partitions whose lag counts from the log start', async () => {
    const out: string[] = [];
    const retained: KafkaAdmin = { ...admin(), endOffsets: async () => [{ partition: 0, offset: '100', logStart: '80' }, { partition: 1, offset: '10', logStart: '0' }] };

    const code = await runLagCommand({ groups: [{ groupId: 'g', topics: ['t'] }], kafka: fakeKafka(retained), print: (l) => out.push(l) });

    expect(code).toBe(LAG_EXIT.ok);
    expect(out.slice(1)).toEqual([
      'total lag: g 20',
      "lag counted from the log start where retention deleted messages past the group's commit (the group resumes there): g t[0] from 80",
    ]);
  });

  it('given no threshold, then it only reports (exit 0), and --json prints one object per partition', async () => {
    const out: string[] = [];

    const code = await runLagCommand({ groups: [{ groupId: 'g', topics: ['t'] }], json: true, kafka: fakeKafka(admin()), print: (l) => out.push(l) });

    expect(code).toBe(LAG_EXIT.ok);
    expect(out.map((l) => JSON.parse(l) as LagRow)).toEqual([
      { group: 'g', topic: 't', partition: 0, committed: '60', end: '100', lag: '40' },
      { group: 'g', topic: 't', partition: 1, committed: '10', end: '10', lag: '0' },
    ]);
  });

  it('given Kafka that fails, then exit 2 with the reason, and the admin is disconnected', async () => {
    const calls: string[] = [];
    const broken = { ...fakeAdmin({}, {}, calls), connect: async () => Promise.reject(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:1')) };
    const err: string[] = [];

    const code = await runLagCommand({ groups: [{ groupId: 'g', topics: ['t'] }], threshold: 0, kafka: fakeKafka(broken), print: () => undefined, printError: (l) => err.push(l) });

    expect(code).toBe(LAG_EXIT.error);
    expect(err).toEqual(['callfold lag: cannot read offsets: Connection error: connect ECONNREFUSED 127.0.0.1:1']);
    expect(calls).toContain('disconnect');
  });

  it('given a malformed Kafka variable, then exit 2 naming it', async () => {
    const err: string[] = [];

    const code = await runLagCommand({ env: { CALLFOLD_KAFKA_BROKERS: 'no-port' }, print: () => undefined, printError: (l) => err.push(l) });

    expect(code).toBe(LAG_EXIT.error);
    expect(err[0]).toMatch(/CALLFOLD_KAFKA_BROKERS: "no-port" is not host:port/);
  });
});

describe('createLagMonitor', () => {
  it('given a refresh, then the gauge holds end - committed per partition, and pending() sums the given partitions', async () => {
    const metrics = createMetrics({ service: 'writer', processMetrics: false });
    const monitor = createLagMonitor({ admin: fakeAdmin({ t: ['100', '10'] }, { g: { t: ['60', '4'] } }), groups: [{ groupId: 'g', topics: ['t'] }], metrics });

    expect(monitor.pending('g')).toBeUndefined();
    await monitor.refresh();

    expect((await metrics.consumerLag.get()).values.map((v) => [v.labels.partition, v.value])).toEqual([
      ['0', 40],
      ['1', 6],
    ]);
    expect(monitor.pending('g')).toBe(46);
    expect(monitor.pending('g', [{ topic: 't', partition: 1 }])).toBe(6);
    expect(monitor.pending('g', [])).toBe(0);
    await monitor.stop();
  });

  it('given a failing refresh after a good one, then the error is counted and the last values stay', async () => {
    const metrics = createMetrics({ service: 'writer', processMetrics: false });
    let down = false;
    const base = fakeAdmin({ t: ['100'] }, { g: { t: ['60'] } });
    const admin = { ...base, endOffsets: (topic: string) => (down ? Promise.reject(new Error('broker down')) : base.endOffsets(topic)) };
    const monitor = createLagMonitor({ admin, groups: [{ groupId: 'g', topics: ['t'] }], metrics });

    await monitor.refresh();
    down = true;
    await expect(monitor.refresh()).rejects.toThrow('broker down');

    expect((await metrics.consumerLagRefreshErrors.get()).values.map((v) => v.value)).toEqual([1]);
    expect((await metrics.consumerLag.get()).values.map((v) => v.value)).toEqual([40]);
    expect(monitor.pending('g')).toBe(40);
  });

  it('given a partition that disappears, then its series is removed', async () => {
    const metrics = createMetrics({ service: 'writer', processMetrics: false });
    let ends: string[] = ['5', '5'];
    const base = fakeAdmin({ t: ['5', '5'] }, {});
    const admin = { ...base, endOffsets: async () => ends.map((offset, partition) => ({ partition, offset })) };
    const monitor = createLagMonitor({ admin, groups: [{ groupId: 'g', topics: ['t'] }], metrics });

    await monitor.refresh();
    ends = ['5'];
    await monitor.refresh();

    expect((await metrics.consumerLag.get()).values.map((v) => v.labels.partition)).toEqual(['0']);
  });

  it('given start(), then it refreshes at once and on the interval, connecting once, and stop() disconnects', async () => {
    jest.useFakeTimers();
    try {
      const calls: string[] = [];
      const metrics = createMetrics({ service: 'writer', processMetrics: false });
      const monitor = createLagMonitor({ admin: fakeAdmin({ t: ['1'] }, {}, calls), groups: [{ groupId: 'g', topics: ['t'] }], metrics, intervalMs: 1_000 });

      monitor.start();
      await jest.advanceTimersByTimeAsync(2_500);
      await monitor.stop();

      expect(calls.filter((c) => c === 'end t')).toHaveLength(3);
      expect(calls.filter((c) => c === 'connect')).toHaveLength(1);
      expect(calls[calls.length - 1]).toBe('disconnect');
    } finally {
      jest.useRealTimers();
    }
  });
});
