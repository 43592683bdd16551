import { type Conversation, createConversationReader, decodeConversation, encodeConversation, standaloneSchema } from '@callfold/contracts';
import { createSilentLogger, frame, type InboundMessage, type PartitionReadRequest } from '@callfold/kafka';
import { foldEvents } from '@callfold/domain';
import { ChangelogFold, type ConversationReaderLookup, restorePartitions, WATERMARK_HEADER } from './restore';
import { answeredCall, conversationOf, DAY, HOUR, liveCall, MINUTE, tagsAdded } from './testing/projector.fixtures';

const T = Date.UTC(2026, 2, 18, 10, 0, 0);
const CURRENT = 7;

const readers: ConversationReaderLookup = async (schemaId) =>
  schemaId === CURRENT || schemaId === 3
    ? { ok: true, schemaId, reader: createConversationReader(standaloneSchema('Conversation')) }
    : { ok: false, schemaId, detail: `schema id ${schemaId} is not in the registry` };

let offset = 0;
function record(key: string | null, value: Buffer | null, watermark?: number, partition = 0): InboundMessage {
  return {
    topic: 'callfold.conversations.v1',
    partition,
    offset: String(offset++),
    key: key === null ? null : Buffer.from(key),
    value,
    headers: watermark === undefined ? {} : { [WATERMARK_HEADER]: String(watermark) },
    timestamp: '0',
  };
}

const projection = (conversation: Conversation, schemaId = CURRENT) => frame(schemaId, encodeConversation(conversation));
const ofEvents = (events: Parameters<typeof foldEvents>[0]) => conversationOf(foldEvents(events));

describe('restore from the compacted conversations topic', () => {
  describe('ChangelogFold', () => {
    it('given projections and tombstones, when folded, then the latest value per key wins and a tombstone removes its key', async () => {
      // given a: two versions; b: projection then tombstone; c: tombstone then a new projection
      const a1 = ofEvents(liveCall('a', T));
      const a2 = ofEvents([...liveCall('a', T), tagsAdded('a', T + MINUTE)]);
      const fold = new ChangelogFold(0, 7 * DAY);
      for (const m of [
        record('a', projection(a1)),
        record('b', projection(ofEvents(liveCall('b', T)))),
        record('c', null),
        record('a', projection(a2)),
        record('b', null),
        record('c', projection(ofEvents(liveCall('c', T)))),
      ])
        fold.add(m);

      // when
      const restored = await fold.finish(readers, CURRENT);

      // then
      expect([...restored.state.entries.keys()].sort()).toEqual(['a', 'c']);
      expect(conversationOf(restored.state.read('a'))).toEqual(a2);
      expect(restored.records).toBe(6);
      expect(restored.tombstones).toBe(2);
      expect(restored.rejected).toEqual([]);
    });

    it('given watermark headers, then the restored watermark is the greatest of them, tombstones included', async () => {
      const fold = new ChangelogFold(0, 7 * DAY);
      fold.add(record('a', projection(ofEvents(liveCall('a', T))), T + 10));
      fold.add(record('a', null, T + 30));
      fold.add(record('b', projection(ofEvents(liveCall('b', T))), T + 20));

      expect((await fold.finish(readers, CURRENT)).state.watermark).toBe(T + 30);
    });

    it('given no watermark header, then the latest activity of the restored conversations stands in', async () => {
      const fold = new ChangelogFold(0, 7 * DAY);
      fold.add(record('a', projection(ofEvents(answeredCall('a', T)))));
      fold.add(record('b', projection(ofEvents(liveCall('b', T + MINUTE)))));

      expect((await fold.finish(readers, CURRENT)).state.watermark).toBe(T + 3 * MINUTE);
    });

    it('given ended and live conversations, then only the ended ones enter the closing queue, at their closing time', async () => {
      const fold = new ChangelogFold(0, 7 * DAY);
      fold.add(record('ended', projection(ofEvents(answeredCall('ended', T)))));
      fold.add(record('live', projection(ofEvents(liveCall('live', T)))));

      const { state } = await fold.finish(readers, CURRENT);

      expect(state.closing.below(T + 3 * MINUTE + 1)).toEqual(['ended']);
      expect(state.closing.size).toBe(1);
    });

    it('given a value written with another known schema id, then it is re-encoded with the current schema; with the current id, the body is kept byte for byte', async () => {
      const older = ofEvents(liveCall('old', T));
      const current = ofEvents(liveCall('cur', T));
      const fold = new ChangelogFold(0, 7 * DAY);
      fold.add(record('old', projection(older, 3)));
      fold.add(record('cur', projection(current)));

      const { state } = await fold.finish(readers, CURRENT);

      expect(decodeConversation(Buffer.from(state.entries.get('old')!, 'latin1'))).toEqual(older);
      expect(Buffer.from(state.entries.get('cur')!, 'latin1').equals(encodeConversation(current))).toBe(true);
    });

    it('given values that cannot be restored, then each is left out with its reason and the others restore', async () => {
      const corrupt: Conversation = { ...ofEvents(liveCall('corrupt', T)), version: 99 };
      const fold = new ChangelogFold(0, 7 * DAY);
      fold.add(record('garbage', Buffer.from('not framed')));
      fold.add(record('unknown', projection(ofEvents(liveCall('unknown', T)), 404)));
      fold.add(record('mismatch', projection(ofEvents(liveCall('someone-else', T)))));
      fold.add(record('corrupt', projection(corrupt)));
      fold.add(record(null, projection(ofEvents(liveCall('nokey', T)))));
      fold.add(record('good', projection(ofEvents(liveCall('good', T)))));

      const restored = await fold.finish(readers, CURRENT);

      expect([...restored.state.entries.keys()]).toEqual(['good']);
      expect(restored.rejected.map((r) => r.conversationId).sort()).toEqual(['', 'corrupt', 'garbage', 'mismatch', 'unknown']);
      expect(restored.rejected.find((r) => r.conversationId === 'mismatch')?.detail).toBe('key "mismatch" holds the projection of conversation "someone-else"');
      expect(restored.rejected.find((r) => r.conversationId === 'corrupt')?.detail).toMatch(/version 99 but 4 seen event ids/);
      expect(restored.rejected.find((r) => r.conversationId === 'unknown')?.detail).toBe('schema id 404 is not in the registry');
    });

    describe('the evicted-conversation memory, rebuilt from tombstones (horizon 7 days)', () => {
      it('given tombstones with watermark headers, when folded, then each evicted id is remembered at its tombstone\'s watermark', async () => {
        // given: gone-1 evicted at T + 1 h, gone-2 at T + 2 h, a live conversation written at T + 3 h
        const fold = new ChangelogFold(0, 7 * DAY);
        fold.add(record('gone-1', projection(ofEvents(answeredCall('gone-1', T))), T));
        fold.add(record('gone-1', null, T + HOUR));
        fold.add(record('gone-2', null, T + 2 * HOUR));
        fold.add(record('live', projection(ofEvents(liveCall('live', T + 3 * HOUR))), T + 3 * HOUR));

        // when
        const restored = await fold.finish(readers, CURRENT);

        // then
        expect(restored.remembered).toBe(2);
        expect(restored.state.evicted.evictedAt('gone-1', null)).toBe(T + HOUR);
        expect(restored.state.evicted.evictedAt('gone-2', null)).toBe(T + 2 * HOUR);
        expect(restored.state.evicted.evictedAt('live', null)).toBeNull();
        expect([...restored.state.entries.keys()]).toEqual(['live']);
      });

      it('given a tombstone older than the restored watermark minus the horizon, then it is pruned; one just inside is kept', async () => {
        const fold = new ChangelogFold(0, 7 * DAY);
        fold.add(record('too-old', null, T));
        fold.add(record('inside', null, T + 1));
        fold.add(record('clock', projection(ofEvents(liveCall('clock', T + 7 * DAY + 1))), T + 7 * DAY + 1));

        const { state, remembered } = await fold.finish(readers, CURRENT);

        // the floor is T + 1: "too-old" (T) is forgotten, "inside" (T + 1) is not
        expect(state.evicted.evictedAt('too-old', T + 1)).toBeNull();
        expect(state.evicted.evictedAt('inside', T + 1)).toBe(T + 1);
        expect(remembered).toBe(1);
      });

      it('given a tombstone without a watermark header, then it is remembered at the restored watermark', async () => {
        const fold = new ChangelogFold(0, 7 * DAY);
        fold.add(record('foreign', null));
        fold.add(record('b', projection(ofEvents(liveCall('b', T))), T + 5 * MINUTE));

        const { state } = await fold.finish(readers, CURRENT);

        expect(state.evicted.evictedAt('foreign', null)).toBe(T + 5 * MINUTE);
      });

      it('given an evicted conversation that came back (an erasure) and was evicted again, then the later eviction counts', async () => {
        const fold = new ChangelogFold(0, 7 * DAY);
        fold.add(record('c', null, T + HOUR));
        fold.add(record('c', projection(ofEvents(answeredCall('c', T))), T + 2 * HOUR));
        fold.add(record('c', null, T + 4 * HOUR));

        const { state } = await fold.finish(readers, CURRENT);

        expect(state.entries.has('c')).toBe(false);
        expect(state.evicted.evictedAt('c', null)).toBe(T + 4 * HOUR);
      });
    });
  });

  describe('restorePartitions', () => {
    it('given two assigned partitions, when restored, then each partition is read from the topic and folded on its own', async () => {
      // given a reader serving partition 0 and 1 of the changelog
      const requests: PartitionReadRequest[] = [];
      const client = {
        readPartitions: async (request: PartitionReadRequest) => {
          requests.push(request);
          await request.onBatch({ topic: request.topic, partition: 1, messages: [record('p1', projection(ofEvents(liveCall('p1', T))), T, 1)], lastOffset: '0', highWatermark: '1' });
          await request.onBatch({ topic: request.topic, partition: 0, messages: [record('p0', projection(ofEvents(liveCall('p0', T))), T + 1, 0), record('gone', null, T + 2, 0)], lastOffset: '1', highWatermark: '2' });
          return request.partitions.map((partition) => ({ partition, startOffset: '0', endOffset: '2', messages: 1 }));
        },
      };

      // when
      const restored = await restorePartitions({ client, topic: 'callfold.conversations.v1', readerFor: readers, currentSchemaId: CURRENT, evictedMemoryMs: 7 * DAY, groupIdPrefix: 'callfold-projector', logger: createSilentLogger() }, [0, 1]);

      // then
      expect(requests.map((r) => [r.topic, r.partitions, r.groupIdPrefix])).toEqual([['callfold.conversations.v1', [0, 1], 'callfold-projector']]);
      expect(restored.map((r) => [r.state.partition, [...r.state.entries.keys()], r.state.watermark, r.tombstones, r.remembered])).toEqual([
        [0, ['p0'], T + 2, 1, 1],
        [1, ['p1'], T, 0, 0],
      ]);
      expect(restored[0]!.state.evicted.evictedAt('gone', null)).toBe(T + 2);
    });
  });
});
