import { type PartitionBatch } from './batch-consumer';
import { type RecordSender } from './kafka.port';
import { batchOf, FakeEngine, FakeTransactions } from './testing/fake-engine';
import { AfterCommitFailedError, type AfterCommit, createTransactionalProcessor, DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY, TransactionAbortFailedError } from './transactional-processor';

const T = 'events';
const p0 = { topic: T, partition: 0 };
const p1 = { topic: T, partition: 1 };

function setup(process: (batch: PartitionBatch<string>, out: RecordSender) => Promise<void | AfterCommit>, decodeGate?: (partition: number) => Promise<void>) {
  const engine = new FakeEngine();
  const producer = new FakeTransactions();
  const sleeps: number[] = [];
  const fatal: Error[] = [];
  const ends: string[] = [];
  const processor = createTransactionalProcessor<string>({
    client: { consumer: (options) => ((engine.options = options), engine), transactionalProducer: () => producer },
    groupId: 'g',
    topics: [T],
    transactionalId: 'projector-0',
    decode: async (messages) => {
      await decodeGate?.(messages[0]?.partition ?? -1);
      return messages.map((m) => `decoded ${m.offset}`);
    },
    process,
    retry: { initialMs: 100, multiplier: 2, jitter: 0, maxMs: 1_000 },
    heartbeatSliceMs: 1_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((r) => setImmediate(r));
    },
    onFatal: (e) => fatal.push(e),
    onTransactionEnd: (outcome, batches) => ends.push(`${outcome} ${batches}`),
  });
  return { engine, producer, processor, sleeps, fatal, ends };
}

const sendOutputs = async (batch: PartitionBatch<string>, out: RecordSender) => {
  await out.send('outputs', batch.items.map((i) => ({ key: 'k', value: Buffer.from(i.decoded) })));
};

/** Batches of partitions 0 and 1 delivered as one fetch, partition 0's decode held until `releaseP0`. */
async function twoBatchesWithP0StillDecoding() {
  let releaseP0!: () => void;
  const p0Decoded = new Promise<void>((resolve) => (releaseP0 = resolve));
  const { engine, producer, processor } = setup(sendOutputs, (partition) => (partition === 0 ? p0Decoded : Promise.resolve()));
  await processor.start();
  engine.join([p0, p1]);
  const first = engine.deliver(batchOf(T, 0, ['3']));
  const second = engine.deliver(batchOf(T, 1, ['7']));
  await new Promise((r) => setImmediate(r));
  return { engine, producer, first, second, releaseP0 };
}

describe('transactional processor', () => {
  it('given a batch, when processed, then outputs, offsets (last + 1) and commit go in one transaction, then the offset is consumed', async () => {
    const { engine, producer, processor } = setup(sendOutputs);
    await processor.start();
    engine.join([p0]);

    const { done, control } = engine.deliver(batchOf(T, 0, ['3', '4']));
    await done;

    expect(producer.log).toEqual(['connect', 'begin', 'send outputs 2', 'offsets g events[0]=5', 'commit']);
    expect(control.actions()).toEqual(['consumed 4']);
    expect(engine.options).toMatchObject({ partitionsConsumedConcurrently: DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY, readUncommitted: false });
  });

  it('given processing fails after sending outputs, when handled, then the transaction aborts, the partition is rewound and paused for a backoff', async () => {
    const { engine, producer, processor, sleeps } = setup(async (batch, out) => {
      await sendOutputs(batch, out);
      throw new Error('projection failed');
    });
    await processor.start();
    engine.join([p0]);

    const { done, control } = engine.deliver(batchOf(T, 0, ['3', '4']));
    await done;

    expect(producer.log).toEqual(['connect', 'begin', 'send outputs 2', 'abort']);
    expect(control.actions()).toEqual(['seek 3', 'pause', 'resume']);
    expect(sleeps).toEqual([100]);
  });

  it('given the same batch fails again in the same generation, when redelivered, then the attempt count and backoff grow', async () => {
    const attempts: number[] = [];
    const { engine, processor, sleeps } = setup(async (batch) => {
      attempts.push(batch.attempt);
      throw new Error('projection failed');
    });
    await processor.start();
    engine.join([p0]);

    await engine.deliver(batchOf(T, 0, ['3'])).done;
    await engine.deliver(batchOf(T, 0, ['3'])).done;
    engine.join([p0]);
    await engine.deliver(batchOf(T, 0, ['3'])).done;

    expect(attempts).toEqual([1, 2, 1]);
    expect(sleeps).toEqual([100, 200, 100]);
  });

  it('given the partition is revoked while processing, when the transaction would add offsets, then it aborts instead and nothing is consumed', async () => {
    const { engine, producer, processor } = setup(async (batch, out) => {
      await sendOutputs(batch, out);
      engine.join([{ topic: T, partition: 1 }]);
    });
    await processor.start();
    engine.join([p0]);

    const { done, control } = engine.deliver(batchOf(T, 0, ['3']));
    await done;

    expect(producer.log).toEqual(['connect', 'begin', 'send outputs 1', 'abort']);
    expect(control.actions()).toEqual([]);
  });

  it('given the abort itself fails, when processing fails, then the processor stops itself and reports the fatal error', async () => {
    const { engine, producer, processor, fatal } = setup(() => Promise.reject(new Error('projection failed')));
    producer.failAbort = true;
    await processor.start();
    engine.join([p0]);

    await expect(engine.deliver(batchOf(T, 0, ['3'])).done).rejects.toBeInstanceOf(TransactionAbortFailedError);
    await processor.stop();

    expect(fatal.map((e) => e.name)).toEqual(['TransactionAbortFailedError']);
    expect(engine.stopped).toBe(true);
    expect(producer.log.at(-1)).toBe('disconnect');
  });

  it('given process returns an after-commit callback, when the transaction commits, then the callback runs after the commit', async () => {
    const { engine, producer, processor } = setup(async (batch, out) => {
      await sendOutputs(batch, out);
      return () => void producer.log.push('after commit');
    });
    await processor.start();
    engine.join([p0]);

    await engine.deliver(batchOf(T, 0, ['3'])).done;

    expect(producer.log).toEqual(['connect', 'begin', 'send outputs 1', 'offsets g events[0]=4', 'commit', 'after commit']);
  });

  it('given process returns an after-commit callback, when the transaction aborts (partition lost), then the callback never runs', async () => {
    const { engine, producer, processor } = setup(async (batch, out) => {
      await sendOutputs(batch, out);
      engine.join([{ topic: T, partition: 1 }]);
      return () => void producer.log.push('after commit');
    });
    await processor.start();
    engine.join([p0]);

    await engine.deliver(batchOf(T, 0, ['3'])).done;

    expect(producer.log).toEqual(['connect', 'begin', 'send outputs 1', 'abort']);
  });

  it('given the after-commit callback throws, when the transaction committed, then the processor stops itself and reports the fatal error', async () => {
    const { engine, processor, fatal } = setup(async () => () => {
      throw new Error('state update failed');
    });
    await processor.start();
    engine.join([p0]);

    await expect(engine.deliver(batchOf(T, 0, ['3'])).done).rejects.toBeInstanceOf(AfterCommitFailedError);
    await processor.stop();

    expect(fatal.map((e) => e.name)).toEqual(['AfterCommitFailedError']);
  });

  describe('batches of one fetch', () => {
    const sendAndLog = (producer: { log: string[] }) => async (batch: PartitionBatch<string>, out: RecordSender) => {
      await sendOutputs(batch, out);
      return () => void producer.log.push(`after commit ${batch.partition}`);
    };

    it('given batches of two partitions handed over together, when processed, then one transaction carries both outputs and both offsets, and both after-commits run after its commit', async () => {
      const log: string[] = [];
      const { engine, producer, processor, ends } = setup((batch, out) => sendAndLog({ log })(batch, out));
      await processor.start();
      engine.join([p0, p1]);

      const first = engine.deliver(batchOf(T, 0, ['3', '4']));
      const second = engine.deliver(batchOf(T, 1, ['7']));
      await Promise.all([first.done, second.done]);

      expect([...producer.log, ...log]).toEqual(['connect', 'begin', 'send outputs 2', 'send outputs 1', 'offsets g events[0]=5,events[1]=8', 'commit', 'after commit 0', 'after commit 1']);
      expect([first.control.actions(), second.control.actions()]).toEqual([['consumed 4'], ['consumed 7']]);
      expect(ends).toEqual(['committed 2']);
    });

    it('given one batch of the fetch still decoding, when the other reaches the gate first, then the group waits for it and commits both at once', async () => {
      const { producer, first, second, releaseP0 } = await twoBatchesWithP0StillDecoding();
      const beforeRelease = [...producer.log];
      releaseP0();
      await Promise.all([first.done, second.done]);

      expect(beforeRelease).toEqual(['connect']);
      expect(producer.log).toEqual(['connect', 'begin', 'send outputs 1', 'send outputs 1', 'offsets g events[0]=4,events[1]=8', 'commit']);
    });

    it('given one member of the group fails, when the transaction aborts, then it aborts once, both partitions are rewound and only the failing one counts an attempt and backs off', async () => {
      const attempts: string[] = [];
      const { engine, producer, processor, sleeps, ends } = setup(async (batch, out) => {
        attempts.push(`${batch.partition}:${batch.attempt}`);
        await sendOutputs(batch, out);
        if (batch.partition === 1) throw new Error('projection failed');
      });
      await processor.start();
      engine.join([p0, p1]);

      const first = engine.deliver(batchOf(T, 0, ['3']));
      const second = engine.deliver(batchOf(T, 1, ['7']));
      await Promise.all([first.done, second.done]);
      await Promise.all([engine.deliver(batchOf(T, 0, ['3'])).done, engine.deliver(batchOf(T, 1, ['7'])).done]);

      expect(producer.log.slice(0, 5)).toEqual(['connect', 'begin', 'send outputs 1', 'send outputs 1', 'abort']);
      expect([first.control.actions(), second.control.actions()]).toEqual([['seek 3'], ['seek 7', 'pause', 'resume']]);
      expect(attempts).toEqual(['0:1', '1:1', '0:1', '1:2']);
      expect(sleeps).toEqual([100, 200]);
      expect(ends).toEqual(['aborted 2', 'aborted 2']);
    });

    it('given the group loses its partitions while its outputs are sent, when the offsets would be added, then the whole group aborts, nothing is rewound or consumed', async () => {
      const { engine, producer, processor } = setup(async (batch, out) => {
        await sendOutputs(batch, out);
        if (batch.partition === 1) engine.join([{ topic: T, partition: 2 }]);
      });
      await processor.start();
      engine.join([p0, p1]);

      const first = engine.deliver(batchOf(T, 0, ['3']));
      const second = engine.deliver(batchOf(T, 1, ['7']));
      await Promise.all([first.done, second.done]);

      expect(producer.log).toEqual(['connect', 'begin', 'send outputs 1', 'send outputs 1', 'abort']);
      expect([first.control.actions(), second.control.actions()]).toEqual([[], []]);
    });

    it('given the generation ended while a batch of the group was still decoding, when the group runs, then no transaction begins and nothing is rewound or consumed', async () => {
      const { engine, producer, first, second, releaseP0 } = await twoBatchesWithP0StillDecoding();
      engine.join([p1]);
      releaseP0();
      await Promise.all([first.done, second.done]);

      expect(producer.log).toEqual(['connect']);
      expect([first.control.actions(), second.control.actions()]).toEqual([[], []]);
    });
  });
});
