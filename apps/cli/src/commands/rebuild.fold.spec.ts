import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CallEvent, parseCallEventJson } from '@callfold/contracts';
import { type LocatedEvent } from '@callfold/clickhouse';
import { thresholdPolicy } from '@callfold/domain';
import { checkDialogues, conversationToken, type DecodedMessage, EventChunker, eventsToken, planConversationWrites, RebuildFold, thresholdsFingerprint } from './rebuild.fold';

function fixture(name: string): CallEvent[] {
  return readFileSync(join(__dirname, '../../../../test/fixtures', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const parsed = parseCallEventJson(l);
      if (!parsed.ok) throw new Error(name);
      return parsed.event;
    });
}

const QUICK = fixture('inbound-abandoned-quick.ndjson');
const QUICK_ID = '1949e8fb-ccb9-4133-a032-c3483a61311f';
const DEFAULTS = thresholdPolicy({ defaults: { slaThresholdMs: 20_000, quickDropThresholdMs: 5_000, quickDropClock: 'queue' } });
const QUICK_2S = thresholdPolicy({ defaults: { slaThresholdMs: 20_000, quickDropThresholdMs: 2_000, quickDropClock: 'queue' } });

const ok = (partition: number, offset: number, event: CallEvent): DecodedMessage => ({ partition, offset: String(offset), decoded: { ok: true, event, schemaId: 1 } });

function foldQuickDrop(): RebuildFold {
  const fold = new RebuildFold();
  QUICK.forEach((event, i) => fold.add(ok(1, i, event)));
  return fold;
}

describe('RebuildFold', () => {
  it('given a conversation, a redelivery, an undecodable message and an impossible event, when folded, then each is counted once and only new events are returned for writing', () => {
    const fold = new RebuildFold();
    const [created, queued, ended] = QUICK as [CallEvent, CallEvent, CallEvent];
    const impossible = { ...queued, eventId: 'far-future', occurredAt: 2 ** 60 } as CallEvent;

    const written = [
      fold.add(ok(1, 0, ended)),
      fold.add(ok(1, 1, created)),
      fold.add({ partition: 1, offset: '2', decoded: { ok: false, reason: 'UNDECODABLE', detail: 'garbage', schemaId: null, eventId: null, conversationId: null } }),
      fold.add(ok(1, 3, queued)),
      fold.add(ok(1, 4, created)),
      fold.add(ok(1, 5, impossible)),
    ];

    expect(written.map((w) => w?.at.offset ?? null)).toEqual(['0', '1', null, '3', null, null]);
    expect(written[0]).toEqual({ event: ended, at: { partition: 1, offset: '0' } });
    expect(fold.counts()).toEqual({ messages: 6, folded: 3, duplicates: 1, bad: { UNDECODABLE: 1, IMPOSSIBLE_TRANSITION: 1 } });
    const byPartition = fold.conversationsByPartition();
    expect([...byPartition.keys()]).toEqual([1]);
    expect(byPartition.get(1)?.map((c) => [c.conversationId, c.version])).toEqual([[QUICK_ID, 3]]);
  });

  it('given events of one conversation in any order, when folded, then the projection is the same', () => {
    const forward = foldQuickDrop().conversationsByPartition().get(1);
    const backward = new RebuildFold();
    [...QUICK].reverse().forEach((event, i) => backward.add(ok(1, i, event)));

    expect(backward.conversationsByPartition().get(1)).toEqual(forward);
  });
});

describe('planConversationWrites', () => {
  const ends = new Map([[1, '3']]);

  it('given the quick-drop conversation and the default thresholds, when planned, then its dialogue is an Abandoned QuickDrop and the token names topic, partition, end offset, thresholds and chunk', () => {
    const [chunk, ...rest] = planConversationWrites(foldQuickDrop().conversationsByPartition(), { source: 'events', endOffsets: ends, thresholds: DEFAULTS, chunkSize: 100 });

    expect(rest).toEqual([]);
    expect(chunk).toMatchObject({ partition: 1, token: `rebuild:events:1:3:t${thresholdsFingerprint(DEFAULTS)}:c0`, live: 1, erased: 0 });
    expect(chunk?.dialogues).toEqual([
      expect.objectContaining({ conversation_id: QUICK_ID, outcome: 'Abandoned', quick_drop: 1, in_sla: null, queue_duration_ms: 3_200, quick_drop_threshold_ms: 5_000, version: 3 }),
    ]);
  });

  it('given a 2 s QuickDrop threshold, when planned, then the same conversation is not a QuickDrop and its token differs only by the thresholds digest', () => {
    const before = planConversationWrites(foldQuickDrop().conversationsByPartition(), { source: 'events', endOffsets: ends, thresholds: DEFAULTS, chunkSize: 100 })[0];
    const after = planConversationWrites(foldQuickDrop().conversationsByPartition(), { source: 'events', endOffsets: ends, thresholds: QUICK_2S, chunkSize: 100 })[0];

    expect(after?.dialogues[0]).toMatchObject({ quick_drop: 0, quick_drop_threshold_ms: 2_000, version: 3 });
    expect(after?.token).toBe(`rebuild:events:1:3:t${thresholdsFingerprint(QUICK_2S)}:c0`);
    expect(after?.token).not.toBe(before?.token);
  });

  it('given three conversations and chunks of two, when planned, then two chunks are numbered in id order and an erased conversation gets no dialogue', () => {
    const fold = new RebuildFold();
    const erasure = fixture('erasure.ndjson');
    const answered = fixture('inbound-answered-in-sla.ndjson');
    [...QUICK, ...erasure, ...answered].forEach((event, i) => fold.add(ok(0, i, event)));

    const chunks = planConversationWrites(fold.conversationsByPartition(), { source: 'events', endOffsets: new Map([[0, '99']]), thresholds: DEFAULTS, chunkSize: 2 });

    expect(chunks.map((c) => [c.token.split(':').at(-1), c.conversations.length, c.live, c.erased, c.dialogues.length])).toEqual([
      ['c0', 2, 1, 1, 1],
      ['c1', 1, 1, 0, 1],
    ]);
    const ids = chunks.flatMap((c) => c.conversations.map((x) => x.conversationId));
    expect(ids).toEqual([...ids].sort());
  });
});

describe('thresholdsFingerprint', () => {
  it('given equal policies built separately, when fingerprinted, then the digests are equal; another policy differs', () => {
    const again = thresholdPolicy({ defaults: { slaThresholdMs: 20_000, quickDropThresholdMs: 5_000, quickDropClock: 'queue' } });

    expect(thresholdsFingerprint(again)).toBe(thresholdsFingerprint(DEFAULTS));
    expect(thresholdsFingerprint(QUICK_2S)).not.toBe(thresholdsFingerprint(DEFAULTS));
    expect(thresholdsFingerprint(DEFAULTS)).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('EventChunker', () => {
  const at = (partition: number, offset: number): LocatedEvent => ({ event: QUICK[0]!, at: { partition, offset: String(offset) } });

  it('given offsets across aligned ranges of two, when added and finished, then each range is emitted once complete, the last bounded by the end offset', () => {
    const chunker = new EventChunker('events', 2);

    const emitted = [at(0, 0), at(0, 1), at(1, 0), at(0, 2), at(0, 5)].map((e) => chunker.add(e));
    const last = chunker.finish(new Map([[0, '6'], [1, '1']]));

    expect(emitted.map((c) => c && [c.token, c.events.map((e) => e.at.offset)])).toEqual([null, null, null, ['rebuild:events:0:0-2', ['0', '1']], ['rebuild:events:0:2-4', ['2']]]);
    expect(last.map((c) => [c.token, c.events.map((e) => e.at.offset)])).toEqual([
      ['rebuild:events:0:4-6', ['5']],
      ['rebuild:events:1:0-1', ['0']],
    ]);
  });

  it('given a chunk size that is not a positive integer, when constructed, then it is refused', () => {
    expect(() => new EventChunker('events', 0)).toThrow(RangeError);
  });
});

describe('tokens', () => {
  it('given the parts, when built, then tokens follow rebuild:<source>:<partition>:...', () => {
    expect(eventsToken('callfold.call-events.v1', 2, '10000', '20000')).toBe('rebuild:callfold.call-events.v1:2:10000-20000');
    expect(conversationToken('callfold.call-events.v1', 2, '20345', 'abc123', 4)).toBe('rebuild:callfold.call-events.v1:2:20345:tabc123:c4');
  });
});

describe('checkDialogues', () => {
  const [expected] = planConversationWrites(foldQuickDrop().conversationsByPartition(), { source: 'e', endOffsets: new Map(), thresholds: DEFAULTS, chunkSize: 10 })[0]!.dialogues;
  const stored = { conversation_id: QUICK_ID, version: '3', sla_threshold_ms: 20_000, quick_drop_threshold_ms: 5_000, quick_drop_clock: 'queue', in_sla: null, quick_drop: 1, outcome: 'Abandoned' };

  it('given ClickHouse serves the derived row (64-bit version as a string), when checked, then it matches', () => {
    expect(checkDialogues([expected!], [stored])).toEqual({ matching: 1, newer: 0, mismatched: [] });
  });

  it('given a row left by an older threshold at the same version, or no row, when checked, then it is a mismatch', () => {
    expect(checkDialogues([expected!], [{ ...stored, quick_drop: 0, quick_drop_threshold_ms: 2_000 }])).toEqual({ matching: 0, newer: 0, mismatched: [QUICK_ID] });
    expect(checkDialogues([expected!], [])).toEqual({ matching: 0, newer: 0, mismatched: [QUICK_ID] });
  });

  it('given a newer version stored by the writer since, when checked, then it counts as newer, not as a mismatch', () => {
    expect(checkDialogues([expected!], [{ ...stored, version: '4', quick_drop: 0 }])).toEqual({ matching: 0, newer: 1, mismatched: [] });
  });
});
