import { createBatchConsumer } from './batch-consumer';
import { controlRecordsCommit } from './control-records';
import { FakeEngine } from './testing/fake-engine';

describe('controlRecordsCommit', () => {
  it('given a fetched range holding only a commit marker, when nothing is known to be committed, then the commit is one past the marker', () => {
    const range = { batchSize: 0, firstOffset: '3', lastOffset: '3' };

    expect(controlRecordsCommit(range)).toBe('4');
  });

  it('given an aborted transaction and its abort marker, when the group committed up to its first record, then the commit is one past the marker', () => {
    const range = { batchSize: 0, firstOffset: '4', lastOffset: '6' };

    expect(controlRecordsCommit(range, '4')).toBe('7');
  });

  it('given a range that held messages, when asked, then nothing: its own batch commits it', () => {
    expect(controlRecordsCommit({ batchSize: 2, firstOffset: '0', lastOffset: '3' })).toBeUndefined();
  });

  it('given a marker already covered by a commit of this member, when asked, then nothing: a commit could only rewind', () => {
    const range = { batchSize: 0, firstOffset: '3', lastOffset: '3' };

    expect(controlRecordsCommit(range, '4')).toBeUndefined();
    expect(controlRecordsCommit(range, '9')).toBeUndefined();
  });

  it('given a response with no record at or past the fetch position (firstOffset null), when asked, then nothing is committed on a guess', () => {
    expect(controlRecordsCommit({ batchSize: 0, firstOffset: null, lastOffset: '12' })).toBeUndefined();
    expect(controlRecordsCommit({ batchSize: 0, firstOffset: undefined, lastOffset: '12' })).toBeUndefined();
  });

  it('given offsets above 2^53, when asked, then the arithmetic is exact', () => {
    expect(controlRecordsCommit({ batchSize: 0, firstOffset: '9007199254740993', lastOffset: '9007199254740993' }, '9007199254740993')).toBe('9007199254740994');
  });

  it('given a last offset before the first (a malformed event), when asked, then nothing', () => {
    expect(controlRecordsCommit({ batchSize: 0, firstOffset: '5', lastOffset: '4' })).toBeUndefined();
  });
});

describe('batch consumer given a control-records batch (empty, lastOffset past its messages)', () => {
  function setup() {
    const engine = new FakeEngine();
    const handled: string[] = [];
    const consumer = createBatchConsumer<string>({
      client: { consumer: () => engine },
      groupId: 'g',
      topics: ['t'],
      decode: async (messages) => messages.map((m) => m.offset),
      handle: async (batch) => void handled.push(...batch.items.map((i) => i.decoded)),
    });
    return { engine, consumer, handled };
  }
  const markerOnly = { topic: 't', partition: 0, messages: [], lastOffset: '3', highWatermark: '4' };

  it('given the partition is owned, when the empty batch arrives, then lastOffset + 1 is committed and the handler is not called', async () => {
    const { engine, consumer, handled } = setup();
    await consumer.start();
    engine.join([{ topic: 't', partition: 0 }]);

    const { done, control } = engine.deliver(markerOnly);
    await done;

    expect(control.actions()).toEqual(['commit 4']);
    expect(handled).toEqual([]);
  });

  it('given the partition is not owned in this generation, when the empty batch arrives, then nothing is committed', async () => {
    const { engine, consumer } = setup();
    await consumer.start();
    engine.join([{ topic: 't', partition: 1 }]);

    const { done, control } = engine.deliver(markerOnly);
    await done;

    expect(control.actions()).toEqual([]);
  });
});
