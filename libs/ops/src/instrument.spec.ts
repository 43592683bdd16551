import { type ClickHouseBackend } from '@callfold/clickhouse';
import { createRestoreTracker, instrumentClickHouse, observeBatch, withRebalanceMetrics } from './instrument';
import { createMetrics } from './metrics';

const value = async (metric: { get(): Promise<{ values: { value: number; labels: object; metricName?: string }[] }> }, labels: object = {}, name?: string) =>
  (await metric.get()).values.find((v) => JSON.stringify(v.labels) === JSON.stringify(labels) && (name === undefined || v.metricName === name))?.value;

function fakeBackend(insert: ClickHouseBackend['insert']): ClickHouseBackend {
  return { kind: 'chdb', description: 'fake', command: async () => undefined, query: async () => [], insert, ping: async () => undefined, close: async () => undefined };
}

describe('instrumentClickHouse', () => {
  it('given inserts that succeed and one that fails, then rows, bytes, errors and durations are counted per table without the database', async () => {
    const metrics = createMetrics({ service: 'writer', processMetrics: false });
    let fail = false;
    const backend = instrumentClickHouse(
      fakeBackend(async (_table, rows) => {
        if (fail) throw new Error('Code: 241. MEMORY_LIMIT_EXCEEDED');
        return { rows: rows.length, bytes: rows.length * 100 };
      }),
      metrics,
    );

    await backend.insert('callfold.call_events', [{}, {}, {}]);
    await backend.insert('callfold.call_events', [{}]);
    fail = true;
    await expect(backend.insert('callfold.dialogues', [{}])).rejects.toThrow('MEMORY_LIMIT_EXCEEDED');

    expect(await value(metrics.clickhouseInsertRows, { table: 'call_events' })).toBe(4);
    expect(await value(metrics.clickhouseInsertBytes, { table: 'call_events' })).toBe(400);
    expect(await value(metrics.clickhouseInsertErrors, { table: 'dialogues' })).toBe(1);
    expect(await value(metrics.clickhouseInsertDuration, { table: 'call_events' }, 'callfold_clickhouse_insert_duration_seconds_count')).toBe(2);
    expect(await value(metrics.clickhouseInsertDuration, { table: 'dialogues' }, 'callfold_clickhouse_insert_duration_seconds_count')).toBe(1);
  });
});

describe('observeBatch', () => {
  it('given a batch of 3 that succeeds after one failed attempt, then 1 batch, 3 events, 1 failure, 2 timed attempts and the last record time are recorded', async () => {
    const metrics = createMetrics({ service: 'projector', processMetrics: false });
    const batch = { topic: 'in', partition: 2, messages: [{ timestamp: '1700000000000' }, { timestamp: '1700000001000' }, { timestamp: '1700000002500' }] };

    await expect(observeBatch(metrics, batch, async () => Promise.reject(new Error('sink down')))).rejects.toThrow('sink down');
    const result = await observeBatch(metrics, batch, async () => 'written');

    expect(result).toBe('written');
    expect(await value(metrics.batches, { topic: 'in' })).toBe(1);
    expect(await value(metrics.eventsConsumed, { topic: 'in' })).toBe(3);
    expect(await value(metrics.batchFailures, { topic: 'in' })).toBe(1);
    expect(await value(metrics.batchDuration, { topic: 'in' }, 'callfold_batch_duration_seconds_count')).toBe(2);
    expect(await value(metrics.lastMessageTimestamp, { topic: 'in', partition: '2' })).toBe(1700000002.5);
  });
});

describe('withRebalanceMetrics', () => {
  it('given partitions assigned then one revoked, then the assigned gauge follows per topic, rebalances count, and the service hooks still run', async () => {
    const metrics = createMetrics({ service: 'projector', processMetrics: false });
    const calls: string[] = [];
    const hooks = withRebalanceMetrics(metrics, 'g', {
      onAssigned: (p) => void calls.push(`assigned ${p.length}`),
      onRevoked: (p) => void calls.push(`revoked ${p.length}`),
    });

    await hooks.onAssigned([{ topic: 'a', partition: 0 }, { topic: 'a', partition: 1 }, { topic: 'b', partition: 0 }]);
    await hooks.onRevoked([{ topic: 'a', partition: 1 }]);

    expect(await value(metrics.assignedPartitions, { group: 'g', topic: 'a' })).toBe(1);
    expect(await value(metrics.assignedPartitions, { group: 'g', topic: 'b' })).toBe(1);
    expect(await value(metrics.rebalances, { group: 'g' })).toBe(2);
    expect(calls).toEqual(['assigned 3', 'revoked 1']);
  });
});

describe('createRestoreTracker', () => {
  it('given two overlapping restores, then it is restored only after both finished, and each duration is observed once', async () => {
    const metrics = createMetrics({ service: 'projector', processMetrics: false });
    const tracker = createRestoreTracker(metrics);

    expect(tracker.restored()).toBe(false);
    const first = tracker.begin();
    const second = tracker.begin();
    first();
    first();
    expect(tracker.restored()).toBe(false);
    expect(await value(metrics.stateRestored)).toBe(0);
    second();

    expect(tracker.restored()).toBe(true);
    expect(await value(metrics.stateRestored)).toBe(1);
    expect(await value(metrics.stateRestoreDuration, {}, 'callfold_state_restore_duration_seconds_count')).toBe(2);
  });

  it('given a service without state (writer), when created restored, then it is ready at once', () => {
    expect(createRestoreTracker(createMetrics({ service: 'writer', processMetrics: false }), { restoredInitially: true }).restored()).toBe(true);
  });
});
