import { createBatchWriter } from './batch-writer';
import { batchOf, conv, CONVERSATIONS, ev, EVENTS, fixedErasures, recordingSink, TOPICS } from './testing/writer-items.fixture';

// The batches kafkajs hands over for one fetch (handled at once) are written as one group.
function setup(options: { maxRows?: number; failures?: number; erased?: readonly string[] } = {}) {
  const sink = recordingSink(options.failures ?? 0);
  const erasures = fixedErasures(options.erased);
  const writer = createBatchWriter({ topics: TOPICS, sink, maxRows: options.maxRows ?? 20_000, erasures });
  return { writer, sink, erasures };
}

describe('batch writer, batches of one fetch', () => {
  it('given batches of three partitions of both topics handed over together, when handled, then one insert per table carries them all, with the sorted ranges as token', async () => {
    const { writer, sink, erasures } = setup();

    await Promise.all([
      writer.handle(batchOf(EVENTS, 2, [['30', ev('e-3', 'c-3')]])),
      writer.handle(batchOf(CONVERSATIONS, 1, [['7', conv('c-1', 2)]])),
      writer.handle(batchOf(EVENTS, 0, [['10', ev('e-1', 'c-1')], ['11', ev('e-2', 'c-1')]])),
    ]);

    expect(sink.calls).toEqual([
      { table: 'events', token: `${EVENTS}:0:10-11,${EVENTS}:2:30-30`, ids: ['e-1@0:10', 'e-2@0:11', 'e-3@2:30'] },
      { table: 'conversations', token: `${CONVERSATIONS}:1:7-7`, ids: ['c-1@2'] },
    ]);
    expect(erasures.lookups.map((ids) => [...ids].sort())).toEqual([['c-1', 'c-3']]);
    expect(writer.groups()).toBe(1);
    expect(writer.stats()).toMatchObject({ batches: 3, eventRows: 3, conversations: 1 });
  });

  it('given the same batches handed over in another order, when handled, then the inserts and tokens are the same', async () => {
    const first = setup({ maxRows: 2 });
    const second = setup({ maxRows: 2 });
    const a = batchOf(EVENTS, 0, [['1', ev('e-1')], ['2', ev('e-2')], ['3', ev('e-3')]]);
    const b = batchOf(EVENTS, 1, [['5', ev('e-5')]]);

    await Promise.all([first.writer.handle(a), first.writer.handle(b)]);
    await Promise.all([second.writer.handle(b), second.writer.handle(a)]);

    expect(first.sink.calls.map((c) => c.token)).toEqual([`${EVENTS}:0:1-2`, `${EVENTS}:0:3-3,${EVENTS}:1:5-5`]);
    expect(second.sink.calls).toEqual(first.sink.calls);
  });

  it('given a group whose insert fails, when handled, then every member fails; retried, the same group repeats the same tokens', async () => {
    const { writer, sink } = setup({ failures: 1 });
    const a = batchOf(EVENTS, 0, [['1', ev('e-1')]]);
    const b = batchOf(EVENTS, 1, [['4', ev('e-4')]]);

    const results = await Promise.allSettled([writer.handle(a), writer.handle(b)]);
    await Promise.all([writer.handle({ ...a, attempt: 2 }), writer.handle({ ...b, attempt: 2 })]);

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(sink.calls.map((c) => c.token)).toEqual([`${EVENTS}:0:1-1,${EVENTS}:1:4-4`]);
    expect(writer.stats()).toMatchObject({ failedAttempts: 2, batches: 2, eventRows: 2 });
  });

  it('given several projections of one conversation in one batch, when handled, then the sink is given them all and writes the newest (recorded: every version in offset order)', async () => {
    const { writer, sink } = setup();

    await writer.handle(batchOf(CONVERSATIONS, 0, [['1', conv('c-1', 1)], ['2', conv('c-1', 3)], ['3', conv('c-1', 2)]]));

    expect(sink.calls).toEqual([{ table: 'conversations', token: `${CONVERSATIONS}:0:1-3`, ids: ['c-1@1', 'c-1@3', 'c-1@2'] }]);
    expect(writer.stats()).toMatchObject({ conversations: 1 });
  });

  it('given an erasure and events of that conversation in one group, when handled, then the events are written first and the erasure after, which deletes them', async () => {
    const { writer, sink, erasures } = setup();

    await Promise.all([writer.handle(batchOf(CONVERSATIONS, 0, [['9', conv('c-gone', 4, true)]])), writer.handle(batchOf(EVENTS, 0, [['3', ev('e-1', 'c-gone')]]))]);
    await writer.handle(batchOf(EVENTS, 0, [['4', ev('e-2', 'c-gone')]]));

    expect(sink.calls.map((c) => c.table)).toEqual(['events', 'conversations']);
    expect(erasures.remembered).toEqual(['c-gone']);
    expect(writer.stats()).toMatchObject({ eventRows: 1, erased: 1, erasedEventsDropped: 1 });
  });
});
