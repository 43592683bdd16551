import { createConsoleLogger, type LogLevel } from '@callfold/kafka';
import { createBatchWriter } from './batch-writer';
import { batchOf, conv, CONVERSATIONS, ev, EVENTS, fixedErasures, recordingSink, TOPICS } from './testing/writer-items.fixture';
import { skipped, tombstone } from './writer-item';

function setup(options: { maxRows?: number; failures?: number; erased?: readonly string[] } = {}) {
  const sink = recordingSink(options.failures ?? 0);
  const lines: { level: LogLevel; entry: Record<string, unknown> }[] = [];
  const erasures = fixedErasures(options.erased);
  const logger = createConsoleLogger({ level: 'info', write: (line, level) => lines.push({ level, entry: JSON.parse(line) as Record<string, unknown> }) });
  const writer = createBatchWriter({ topics: TOPICS, sink, maxRows: options.maxRows ?? 20_000, erasures, logger });
  const warnings = () => lines.filter((l) => l.level === 'warn').map((l) => l.entry);
  return { writer, sink, warnings, lookups: erasures.lookups, erasures };
}

describe('batch writer', () => {
  it('given an events batch, when handled, then one insert carries every event with the token topic:partition:first-last', async () => {
    const { writer, sink } = setup();

    await writer.handle(batchOf(EVENTS, 1, [['100', ev('e-1')], ['101', ev('e-2')], ['102', ev('e-3')]]));

    expect(sink.calls).toEqual([{ table: 'events', token: `${EVENTS}:1:100-102`, ids: ['e-1@1:100', 'e-2@1:101', 'e-3@1:102'] }]);
    expect(writer.stats()).toMatchObject({ batches: 1, eventRows: 3, skipped: {} });
  });

  it('given a batch larger than maxRows, when handled, then it is written in consecutive inserts of at most maxRows, each with its own range', async () => {
    const { writer, sink } = setup({ maxRows: 2 });

    await writer.handle(batchOf(EVENTS, 0, [['7', ev('e-7')], ['8', ev('e-8')], ['9', ev('e-9')], ['10', ev('e-10')], ['11', ev('e-11')]]));

    expect(sink.calls.map((c) => [c.token, c.ids.length])).toEqual([
      [`${EVENTS}:0:7-8`, 2],
      [`${EVENTS}:0:9-10`, 2],
      [`${EVENTS}:0:11-11`, 1],
    ]);
  });

  it('given a projections batch, when handled, then the projections go to writeConversations and tombstones are skipped and counted', async () => {
    const { writer, sink } = setup();

    await writer.handle(batchOf(CONVERSATIONS, 3, [['20', conv('c-1', 1)], ['21', tombstone], ['22', conv('c-1', 2)], ['23', conv('c-2', 4)]]));

    expect(sink.calls).toEqual([{ table: 'conversations', token: `${CONVERSATIONS}:3:20-23`, ids: ['c-1@1', 'c-1@2', 'c-2@4'] }]);
    expect(writer.stats()).toMatchObject({ conversations: 2, tombstones: 1, erased: 0 });
  });

  it('given a batch of tombstones only, when handled, then nothing is inserted and the batch still completes', async () => {
    const { writer, sink } = setup();

    await writer.handle(batchOf(CONVERSATIONS, 0, [['1', tombstone], ['2', tombstone]]));

    expect(sink.calls).toEqual([]);
    expect(writer.stats()).toMatchObject({ batches: 1, tombstones: 2 });
  });

  it('given undecodable and invalid events, when handled, then they are skipped, counted by reason and logged once at warn with topic, partition and offsets', async () => {
    const { writer, sink, warnings } = setup();

    await writer.handle(
      batchOf(EVENTS, 4, [
        ['50', ev('e-1')],
        ['51', skipped('UNDECODABLE', 'wrong magic byte 0x6e')],
        ['52', skipped('INVALID_EVENT', 'payload.priority must be <= 8')],
        ['53', skipped('UNDECODABLE', 'message has no value (a tombstone)')],
      ]),
    );

    expect(sink.calls.map((c) => c.ids)).toEqual([['e-1@4:50']]);
    expect(writer.stats().skipped).toEqual({ INVALID_EVENT: 1, UNDECODABLE: 2 });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({
      topic: EVENTS,
      partition: 4,
      firstOffset: '50',
      lastOffset: '53',
      skipped: { UNDECODABLE: 2, INVALID_EVENT: 1 },
      sample: [
        { offset: '51', reason: 'UNDECODABLE', detail: 'wrong magic byte 0x6e' },
        { offset: '52', reason: 'INVALID_EVENT', detail: 'payload.priority must be <= 8' },
        { offset: '53', reason: 'UNDECODABLE', detail: 'message has no value (a tombstone)' },
      ],
    });
  });

  it('given a failing sink, when handled, then the error is thrown (never swallowed), counted, and nothing is logged or tallied as written', async () => {
    const { writer, warnings } = setup({ failures: 1 });

    await expect(writer.handle(batchOf(EVENTS, 0, [['1', ev('e-1')], ['2', skipped('UNDECODABLE', 'x')]]))).rejects.toThrow('ClickHouse is down');

    expect(writer.stats()).toMatchObject({ batches: 0, eventRows: 0, failedAttempts: 1, skipped: {} });
    expect(warnings()).toEqual([]);
  });

  it('given a batch that fails in its second insert, when retried, then the retry repeats the same inserts with the same tokens (ClickHouse skips the one that landed)', async () => {
    const sink = recordingSink();
    let calls = 0;
    const flaky = {
      writeConversations: sink.writeConversations,
      async writeEvents(...args: Parameters<typeof sink.writeEvents>) {
        calls += 1;
        if (calls === 2) throw new Error('connection reset');
        return sink.writeEvents(...args);
      },
    };
    const writer = createBatchWriter({ topics: TOPICS, sink: flaky, maxRows: 2, erasures: fixedErasures() });
    const batch = batchOf(EVENTS, 0, [['1', ev('e-1')], ['2', ev('e-2')], ['3', ev('e-3')]]);

    await expect(writer.handle(batch)).rejects.toThrow('connection reset');
    await writer.handle({ ...batch, attempt: 2 });

    expect(sink.calls.map((c) => c.token)).toEqual([`${EVENTS}:0:1-2`, `${EVENTS}:0:1-2`, `${EVENTS}:0:3-3`]);
    expect(writer.stats()).toMatchObject({ batches: 1, eventRows: 3, failedAttempts: 1 });
  });

  it('given events of a conversation already erased, when handled, then they are not written again, and the lookup asked once per batch', async () => {
    const { writer, sink, lookups } = setup({ erased: ['c-gone'], maxRows: 2 });

    await writer.handle(batchOf(EVENTS, 0, [['1', ev('e-1', 'c-gone')], ['2', ev('e-2', 'c-live')], ['3', ev('e-3', 'c-gone')]]));

    expect(lookups).toEqual([['c-gone', 'c-live']]);
    expect(sink.calls.map((c) => c.ids)).toEqual([['e-2@0:2']]);
    expect(writer.stats()).toMatchObject({ eventRows: 1, erasedEventsDropped: 2 });
  });

  it('given an erased projection, when handled, then it goes to writeConversations, which records and applies the erasure, and the filter learns it', async () => {
    const { writer, sink, erasures } = setup();

    await writer.handle(batchOf(CONVERSATIONS, 0, [['9', conv('c-gone', 12, true)]]));

    expect(sink.calls).toEqual([{ table: 'conversations', token: `${CONVERSATIONS}:0:9-9`, ids: ['c-gone@12'] }]);
    expect(writer.stats()).toMatchObject({ conversations: 0, erased: 1 });
    expect(erasures.remembered).toEqual(['c-gone']);
  });

  it('given a generation that ended, when a batch is handled, then it stops before inserting', async () => {
    const { writer, sink } = setup();
    const ended = new AbortController();
    ended.abort(new Error('group generation ended'));

    await expect(writer.handle({ ...batchOf(EVENTS, 0, [['1', ev('e-1')]]), signal: ended.signal })).rejects.toThrow('group generation ended');
    expect(sink.calls).toEqual([]);
  });

  it('given a topic the writer does not read, when handled, then it throws', async () => {
    const { writer } = setup();

    await expect(writer.handle(batchOf('other.topic', 0, [['1', ev('e-1')]]))).rejects.toThrow('the writer does not read topic other.topic');
  });
});
