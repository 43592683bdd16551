import { createBatchConsumer, type PartitionBatch, RetriesExhaustedError } from './batch-consumer';
import { type TopicPartition } from './kafka.port';
import { batchOf, FakeEngine } from './testing/fake-engine';

const T = 'events';
const p0 = { topic: T, partition: 0 };
const p1 = { topic: T, partition: 1 };

function deferred<V = void>() {
  let resolve!: (v: V) => void;
  const promise = new Promise<V>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(overrides: { handle?: (b: PartitionBatch<string>) => Promise<void>; maxAttempts?: number; onAssigned?: (p: readonly TopicPartition[]) => Promise<void>; onRevoked?: (p: readonly TopicPartition[]) => void } = {}) {
  const engine = new FakeEngine();
  const sleeps: number[] = [];
  const handled: PartitionBatch<string>[] = [];
  let decodes = 0;
  const consumer = createBatchConsumer<string>({
    client: { consumer: (options) => ((engine.options = options), engine) },
    groupId: 'g',
    topics: [T],
    decode: async (messages) => (decodes++, messages.map((m) => `decoded ${m.offset}`)),
    handle: async (batch) => {
      handled.push(batch);
      await overrides.handle?.(batch);
    },
    retry: { initialMs: 100, multiplier: 2, maxMs: 1_000, jitter: 0.5, random: () => 0, maxAttempts: overrides.maxAttempts ?? Number.POSITIVE_INFINITY },
    heartbeatSliceMs: 1_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((r) => setImmediate(r));
    },
    onAssigned: overrides.onAssigned,
    onRevoked: overrides.onRevoked,
  });
  return { engine, consumer, sleeps, handled, decodes: () => decodes };
}

describe('batch consumer', () => {
  it('given an owned partition, when the handler resolves, then the last offset is consumed and last + 1 committed, after handling', async () => {
    const { engine, consumer, handled } = setup();
    await consumer.start();
    engine.join([p0]);

    const { done, control } = engine.deliver(batchOf(T, 0, ['5', '6', '7']));
    await done;

    expect(handled.map((b) => b.items.map((i) => i.decoded))).toEqual([['decoded 5', 'decoded 6', 'decoded 7']]);
    expect(handled[0]).toMatchObject({ topic: T, partition: 0, firstOffset: '5', lastOffset: '7', attempt: 1 });
    expect(control.actions()).toEqual(['consumed 7', 'commit 8']);
    expect(engine.options).toMatchObject({ groupId: 'g', topics: [T], readUncommitted: false });
  });

  it('given a handler that has not resolved yet, when the batch is in flight, then nothing is committed until it resolves', async () => {
    const sink = deferred();
    const { engine, consumer } = setup({ handle: () => sink.promise });
    await consumer.start();
    engine.join([p0]);

    const { done, control } = engine.deliver(batchOf(T, 0, ['0']));
    await new Promise((r) => setImmediate(r));
    const beforeSinkConfirmed = control.actions();
    sink.resolve();
    await done;

    expect(beforeSinkConfirmed).toEqual([]);
    expect(control.actions()).toEqual(['consumed 0', 'commit 1']);
  });

  it('given a sink failing 3 times, when the batch is retried, then the partition is paused, backoff grows, heartbeats continue and one commit follows', async () => {
    let failures = 3;
    const { engine, consumer, handled, sleeps, decodes } = setup({
      handle: async () => {
        if (failures-- > 0) throw new Error('ClickHouse unavailable');
      },
    });
    await consumer.start();
    engine.join([p0]);

    const { done, control } = engine.deliver(batchOf(T, 0, ['10', '11']));
    await done;

    expect(handled.map((b) => b.attempt)).toEqual([1, 2, 3, 4]);
    expect(handled.every((b) => b.items.map((i) => i.message.offset).join() === '10,11')).toBe(true);
    expect(decodes()).toBe(1);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(control.calls.filter((c) => c === 'heartbeat')).toHaveLength(3);
    expect(control.actions()).toEqual(['pause', 'consumed 11', 'commit 12', 'resume']);
    expect(consumer.generation()).toBe(1);
  });

  it('given a batch of a partition this member does not own, when delivered, then it is neither handled nor committed', async () => {
    const { engine, consumer, handled } = setup();
    await consumer.start();
    engine.join([p0]);

    const { done, control } = engine.deliver(batchOf(T, 1, ['0']));
    await done;

    expect(handled).toEqual([]);
    expect(control.actions()).toEqual([]);
  });

  it('given a rebalance while the handler runs, when it resolves, then nothing is committed and the batch signal was aborted', async () => {
    const sink = deferred();
    const { engine, consumer, handled } = setup({ handle: () => sink.promise });
    await consumer.start();
    engine.join([p0, p1]);

    const { done, control } = engine.deliver(batchOf(T, 0, ['0']));
    await new Promise((r) => setImmediate(r));
    engine.join([p0]);
    sink.resolve();
    await done;

    expect(control.actions()).toEqual([]);
    expect(handled[0]!.signal.aborted).toBe(true);
    expect(consumer.assignment()).toEqual([p0]);
  });

  it('given the group starts rebalancing during retries, when the backoff ends, then the batch is abandoned uncommitted and resumed', async () => {
    const { engine, consumer, handled } = setup({
      handle: async () => {
        engine.rebalancing();
        throw new Error('sink down');
      },
    });
    await consumer.start();
    engine.join([p0]);

    const { done, control } = engine.deliver(batchOf(T, 0, ['0']));
    await done;

    expect(handled).toHaveLength(1);
    expect(control.actions()).toEqual(['pause', 'resume']);
  });

  it('given stop() was called during retries, when the next attempt is due, then the batch is abandoned uncommitted', async () => {
    const { engine, consumer } = setup({ handle: () => Promise.reject(new Error('sink down')) });
    await consumer.start();
    engine.join([p0]);
    const batch = engine.deliver(batchOf(T, 0, ['0']));
    batch.control.running = false;

    await batch.done;

    expect(batch.control.actions()).toEqual(['pause', 'resume']);
  });

  it('given a heartbeat fails because the group rebalances, when retrying, then the error propagates (kafkajs rejoins) and nothing is committed', async () => {
    const { engine, consumer } = setup({ handle: () => Promise.reject(new Error('sink down')) });
    await consumer.start();
    engine.join([p0]);
    const batch = engine.deliver(batchOf(T, 0, ['0']));
    batch.control.onHeartbeat = () => {
      throw new Error('The group is rebalancing, so a rejoin is needed');
    };

    await expect(batch.done).rejects.toThrow('rebalancing');
    expect(batch.control.actions()).toEqual(['pause', 'resume']);
  });

  it('given a bounded number of attempts, when all fail, then RetriesExhaustedError is thrown uncommitted', async () => {
    const { engine, consumer, handled } = setup({ handle: () => Promise.reject(new Error('sink down')), maxAttempts: 2 });
    await consumer.start();
    engine.join([p0]);

    const batch = engine.deliver(batchOf(T, 0, ['0']));

    await expect(batch.done).rejects.toBeInstanceOf(RetriesExhaustedError);
    expect(handled).toHaveLength(2);
    expect(batch.control.actions()).toEqual(['pause', 'resume']);
  });

  it('given an onAssigned hook restoring state, when a batch arrives, then it waits for the hook; revocations are reported', async () => {
    const restore = deferred();
    const revoked: string[] = [];
    const { engine, consumer, handled } = setup({ onAssigned: () => restore.promise, onRevoked: (ps) => void revoked.push(...ps.map((p) => `${p.partition}`)) });
    await consumer.start();
    engine.join([p0, p1]);

    const { done } = engine.deliver(batchOf(T, 0, ['0']));
    await new Promise((r) => setImmediate(r));
    const handledBeforeRestore = handled.length;
    restore.resolve();
    await done;
    engine.join([p1]);
    await consumer.stop();

    expect(handledBeforeRestore).toBe(0);
    expect(handled).toHaveLength(1);
    expect(revoked).toEqual(['0', '1']);
    expect(engine.stopped).toBe(true);
  });
});
