import { type Conversation, decodeConversation, encodeConversation } from '@callfold/contracts';
import { foldEvents } from '@callfold/domain';
import { projectBatch } from './batch-projection';
import { PartitionState, storedOf } from './state-store';
import {
  answeredCall,
  conversationOf,
  DAY,
  erasureRequested,
  HOUR,
  items,
  liveCall,
  MINUTE,
  partitionWith,
  POLICY,
  rejectedItem,
  snapshotOf,
  tagsAdded,
} from './testing/projector.fixtures';

const T = Date.UTC(2026, 2, 18, 10, 0, 0);

const versions = (updated: readonly { conversationId: string; body: Buffer }[]) => updated.map((u) => [u.conversationId, decodeConversation(u.body).version]);

describe('projectBatch: one partition batch folded into an overlay', () => {
  describe('overlay, commit and discard', () => {
    it('given an empty partition, when a conversation\'s events are projected, then one projection of its final state is written and the partition is untouched until commit', () => {
      // given
      const partition = new PartitionState(0);
      const events = answeredCall('conv-a', T);

      // when
      const result = projectBatch(partition, items(events), POLICY);

      // then one projection: 5 events, ended
      expect(versions(result.updated)).toEqual([['conv-a', 5]]);
      const projected = decodeConversation(result.updated[0]!.body);
      expect(projected).toMatchObject({ phase: 'ENDED', queuedAt: T + 5_000, connectedAt: T + 14_000, endedAt: T + 180_000, agentId: 'agent-0142' });
      expect(result.counts).toEqual({ messages: 5, folded: 5, duplicates: 0 });
      expect(result.evicted).toEqual([]);
      expect(result.deadLetters).toEqual([]);
      expect(result.overlay.watermark).toBe(T + 180_000);
      // and the partition state has not moved
      expect(partition.entries.size).toBe(0);
      expect(partition.watermark).toBeNull();
    });

    it('given a projected batch, when its transaction commits, then the store holds the projection, the watermark and the closed conversation in the closing queue', () => {
      const partition = new PartitionState(0);
      const result = projectBatch(partition, items(answeredCall('conv-a', T)), POLICY);

      result.overlay.commit();

      expect(conversationOf(partition.read('conv-a'))).toEqual(decodeConversation(result.updated[0]!.body));
      expect(partition.watermark).toBe(T + 180_000);
      expect(partition.closing.below(Number.MAX_SAFE_INTEGER)).toEqual(['conv-a']);
    });

    it('given a projected batch whose transaction aborted (overlay dropped), when the batch is redone, then the outputs are the same bytes and the store is unchanged in between', () => {
      const partition = partitionWith({ 'conv-a': liveCall('conv-a', T) }, T + 14_000);
      const before = snapshotOf(partition);
      const batch = items([...answeredCall('conv-a', T).slice(4), ...liveCall('conv-b', T + MINUTE)]);

      const aborted = projectBatch(partition, batch, POLICY); // never committed
      const between = snapshotOf(partition);
      const redone = projectBatch(partition, batch, POLICY);

      expect(between).toEqual(before);
      expect(redone.updated.map((u) => [u.conversationId, u.body.toString('hex')])).toEqual(aborted.updated.map((u) => [u.conversationId, u.body.toString('hex')]));
      expect(versions(redone.updated)).toEqual([['conv-a', 5], ['conv-b', 4]]);
    });

    it('given a batch applied and committed, when the same batch is applied again, then nothing is written and the store is the same (idempotence)', () => {
      const partition = new PartitionState(0);
      const batch = items([...answeredCall('conv-a', T), ...liveCall('conv-b', T + MINUTE), tagsAdded('conv-a', T + 10 * MINUTE)]);
      projectBatch(partition, batch, POLICY).overlay.commit();
      const once = snapshotOf(partition);

      const again = projectBatch(partition, batch, POLICY);
      again.overlay.commit();

      expect(again.updated).toEqual([]);
      expect(again.evicted).toEqual([]);
      expect(again.counts).toEqual({ messages: 10, folded: 0, duplicates: 10 });
      expect(snapshotOf(partition)).toEqual(once);
    });

    it('given several events of one conversation in a batch, then it is decoded once and written once, with its last state', () => {
      const partition = partitionWith({ 'conv-a': liveCall('conv-a', T) }, T);
      const read = jest.spyOn(partition, 'read');

      const result = projectBatch(partition, items([answeredCall('conv-a', T)[4]!, tagsAdded('conv-a', T + 5 * MINUTE)]), POLICY);

      expect(read).toHaveBeenCalledTimes(1);
      expect(versions(result.updated)).toEqual([['conv-a', 6]]);
    });
  });

  describe('bad input is dead-lettered and the partition keeps moving', () => {
    it('given messages the decoder rejected, then each becomes a dead letter with the decoder\'s reason, and the good ones are folded', () => {
      const partition = new PartitionState(0);
      const batch = [rejectedItem(0, 'UNDECODABLE', 'wrong magic byte'), ...items(liveCall('conv-a', T), 1), rejectedItem(5, 'KEY_MISMATCH', 'key "x" differs')];

      const result = projectBatch(partition, batch, POLICY);

      expect(result.deadLetters.map((d) => [d.message.offset, d.cause.reason, d.cause.detail])).toEqual([
        ['0', 'UNDECODABLE', 'wrong magic byte'],
        ['5', 'KEY_MISMATCH', 'key "x" differs'],
      ]);
      expect(versions(result.updated)).toEqual([['conv-a', 4]]);
    });

    it('given an event the reducer refuses (a stored state of another conversation under its key), then it is an IMPOSSIBLE_TRANSITION dead letter and other conversations fold', () => {
      // given a corrupt entry: key conv-a holds conversation conv-z
      const partition = new PartitionState(0);
      partition.entries.set('conv-a', storedOf(encodeConversation(conversationOf(foldEvents(liveCall('conv-z', T))))));

      const result = projectBatch(partition, items([tagsAdded('conv-a', T + MINUTE), ...liveCall('conv-b', T)]), POLICY);

      expect(result.deadLetters).toHaveLength(1);
      expect(result.deadLetters[0]!.cause).toMatchObject({ reason: 'IMPOSSIBLE_TRANSITION', eventId: `conv-a-tags-${T + MINUTE}`, conversationId: 'conv-a', schemaId: 1 });
      expect(result.deadLetters[0]!.cause.detail).toMatch(/^CONVERSATION_MISMATCH: /);
      expect(versions(result.updated)).toEqual([['conv-b', 4]]);
    });
  });

  describe('the late-event rule (grace 1 h)', () => {
    const watermark = T + 3 * HOUR; // cutoff T + 2 h

    it('given a conversation not in state, when its event is older than watermark - grace, then it is a LATE_EVENT dead letter and nothing is written', () => {
      const partition = partitionWith({}, watermark);

      const result = projectBatch(partition, items([tagsAdded('conv-gone', T + HOUR)]), POLICY);

      expect(result.updated).toEqual([]);
      expect(result.deadLetters.map((d) => d.cause.reason)).toEqual(['LATE_EVENT']);
      expect(result.deadLetters[0]!.cause.detail).toContain('conversation conv-gone is not in the live state');
      expect(result.overlay.watermark).toBe(watermark);
    });

    it('given a conversation not in state, when its event is within the grace period, then it starts a projection', () => {
      const partition = partitionWith({}, watermark);

      const result = projectBatch(partition, items([tagsAdded('conv-new', T + 2 * HOUR)]), POLICY);

      expect(versions(result.updated)).toEqual([['conv-new', 1]]);
      expect(result.deadLetters).toEqual([]);
    });

    it('given a conversation still in state, when an event older than the cutoff arrives, then it is applied (version bumped, earlier facts kept)', () => {
      const partition = partitionWith({ 'conv-live': liveCall('conv-live', T) }, watermark);

      const result = projectBatch(partition, items([tagsAdded('conv-live', T + MINUTE)]), POLICY);

      expect(result.deadLetters).toEqual([]);
      const projected = decodeConversation(result.updated[0]!.body);
      expect(projected).toMatchObject({ version: 5, connectedAt: T + 14_000, tags: [{ key: 'topic', value: 'billing' }] });
    });

    it('given the watermark moves within the batch, then each event is judged against the watermark before it (offset order)', () => {
      const partition = partitionWith({}, T);
      // conv-x at T + 30 min is fine while the watermark is T; after conv-y at T + 3 h, conv-z at T + 30 min is late.
      const result = projectBatch(partition, items([tagsAdded('conv-x', T + 30 * MINUTE), tagsAdded('conv-y', T + 3 * HOUR), tagsAdded('conv-z', T + 30 * MINUTE)]), POLICY);

      expect(result.updated.map((u) => u.conversationId)).toEqual(['conv-x', 'conv-y']);
      expect(result.deadLetters.map((d) => [d.cause.conversationId, d.cause.reason])).toEqual([['conv-z', 'LATE_EVENT']]);
    });
  });

  describe('grace period and eviction (grace 1 h)', () => {
    it('given an ended conversation, when the watermark passes its last activity + grace, then it gets a tombstone and leaves the store on commit', () => {
      // given conv-a ended at T + 3 min, committed
      const partition = new PartitionState(0);
      projectBatch(partition, items(answeredCall('conv-a', T)), POLICY).overlay.commit();

      // when another conversation moves the watermark to T + 3 min + 1 h + 1 ms
      const result = projectBatch(partition, items([tagsAdded('conv-b', T + 3 * MINUTE + HOUR + 1)]), POLICY);
      result.overlay.commit();

      // then
      expect(result.evicted).toEqual(['conv-a']);
      expect(versions(result.updated)).toEqual([['conv-b', 1]]);
      expect([...partition.entries.keys()]).toEqual(['conv-b']);
      expect(partition.closing.size).toBe(0);
    });

    it('given an ended conversation within its grace period, or a live one long idle, then neither is evicted', () => {
      const partition = new PartitionState(0);
      projectBatch(partition, items([...answeredCall('conv-ended', T + 30 * MINUTE), ...liveCall('conv-live', T - 10 * HOUR)]), POLICY).overlay.commit();

      const result = projectBatch(partition, items([tagsAdded('conv-b', T + HOUR)]), POLICY);

      expect(result.evicted).toEqual([]);
    });

    it('given a conversation enriched after it ended, when its old closing time passes the cutoff, then the stale queue entry evicts nothing and is dropped', () => {
      // given conv-a ended at T + 3 min, then late sentiment at T + 30 min (closing time moves)
      const partition = new PartitionState(0);
      projectBatch(partition, items(answeredCall('conv-a', T)), POLICY).overlay.commit();
      projectBatch(partition, items([tagsAdded('conv-a', T + 30 * MINUTE)]), POLICY).overlay.commit();
      expect(partition.closing.size).toBe(2);

      // when the watermark reaches T + 3 min + 1 h + 1 (past the old entry, not the new one)
      const first = projectBatch(partition, items([tagsAdded('conv-b', T + 3 * MINUTE + HOUR + 1)]), POLICY);
      first.overlay.commit();
      // and later T + 30 min + 1 h + 1
      const second = projectBatch(partition, items([tagsAdded('conv-b', T + 30 * MINUTE + HOUR + 1)]), POLICY);
      second.overlay.commit();

      // then only the second evicts it
      expect(first.evicted).toEqual([]);
      expect(second.evicted).toEqual(['conv-a']);
      expect([...partition.entries.keys()]).toEqual(['conv-b']);
    });

    it('given an event that ends a conversation already past the cutoff, then the batch writes its projection and then its tombstone', () => {
      const partition = partitionWith({ 'conv-a': liveCall('conv-a', T) }, T + 3 * HOUR);

      const result = projectBatch(partition, items([answeredCall('conv-a', T)[4]!]), POLICY);
      result.overlay.commit();

      expect(versions(result.updated)).toEqual([['conv-a', 5]]);
      expect(result.evicted).toEqual(['conv-a']);
      expect(partition.entries.has('conv-a')).toBe(false);
    });

    it('given an erasure for a conversation evicted long ago, then the erased projection (no personal data) is written, and it is evicted once its grace period is over', () => {
      const partition = partitionWith({}, T + 72 * HOUR);

      const erased = projectBatch(partition, items([erasureRequested('conv-a', T + 72 * HOUR)]), POLICY);
      erased.overlay.commit();
      const later = projectBatch(partition, items([tagsAdded('conv-b', T + 73 * HOUR + 1)]), POLICY);

      const projection: Conversation = decodeConversation(erased.updated[0]!.body);
      expect(projection).toMatchObject({ conversationId: 'conv-a', erased: true, erasedAt: T + 72 * HOUR, version: 1, customerName: null, contact: null, phase: 'ENDED' });
      expect(later.evicted).toEqual(['conv-a']);
    });
  });

  describe('evicted conversations are remembered (grace 1 h, horizon 7 days)', () => {
    /** conv-a ended at T + 3 min, evicted by conv-clock moving the watermark to T + 2 h (cutoff T + 1 h), committed. */
    function evictedConvA(): PartitionState {
      const partition = new PartitionState(0);
      projectBatch(partition, items(answeredCall('conv-a', T)), POLICY).overlay.commit();
      const evicting = projectBatch(partition, items([tagsAdded('conv-clock', T + 2 * HOUR)]), POLICY);
      evicting.overlay.commit();
      expect(evicting.evicted).toEqual(['conv-a']);
      return partition;
    }

    it('given a batch that evicts conv-a, when it commits, then the partition remembers conv-a at the batch\'s watermark', () => {
      const partition = evictedConvA();

      expect(partition.entries.has('conv-a')).toBe(false);
      expect(partition.evicted.evictedAt('conv-a', null)).toBe(T + 2 * HOUR);
      expect(partition.evicted.size).toBe(1);
    });

    it('given conv-a evicted, when a CSAT-like event arrives that is not older than the cutoff, then it is a LATE_EVENT dead letter naming the eviction watermark and the rebuild, and no projection is written', () => {
      // given
      const partition = evictedConvA();

      // when: T + 1 h 30 min is after the cutoff (T + 1 h): the time rule alone would start a new version-1 projection
      const result = projectBatch(partition, items([tagsAdded('conv-a', T + 90 * MINUTE)]), POLICY);

      // then
      expect(result.updated).toEqual([]);
      expect(result.deadLetters.map((d) => [d.cause.reason, d.cause.conversationId, d.cause.eventId])).toEqual([['LATE_EVENT', 'conv-a', `conv-a-tags-${T + 90 * MINUTE}`]]);
      expect(result.deadLetters[0]!.cause.detail).toBe(
        `event at ${new Date(T + 90 * MINUTE).toISOString()} (TagsAdded) belongs to conversation conv-a, closed and evicted from partition 0 at watermark ${new Date(T + 2 * HOUR).toISOString()} ` +
          '(its grace period of 3600000 ms was over): not folded, since a projection started from it would lack every earlier fact; ' +
          'include it with `npx callfold rebuild` (folds call-events from offset 0)',
      );
      expect(result.counts).toEqual({ messages: 1, folded: 0, duplicates: 0 });
      expect(result.overlay.watermark).toBe(T + 2 * HOUR);
    });

    it('given conv-a evicted, when its erasure arrives, then an erased projection (version 1, no personal data) is written: the writer deletes by conversation id whatever the stored version', () => {
      const partition = evictedConvA();

      const result = projectBatch(partition, items([erasureRequested('conv-a', T + 2 * HOUR + MINUTE)]), POLICY);
      result.overlay.commit();

      expect(result.deadLetters).toEqual([]);
      expect(decodeConversation(result.updated[0]!.body)).toMatchObject({
        conversationId: 'conv-a',
        erased: true,
        erasedAt: T + 2 * HOUR + MINUTE,
        version: 1,
        customerName: null,
        contact: null,
        agentId: null,
        phase: 'ENDED',
      });
      expect(result.evicted).toEqual([]);
      expect(partition.entries.has('conv-a')).toBe(true);
    });

    it('given conv-a evicted, when an erasure older than the cutoff arrives, then it still takes effect: erased projection, then its tombstone, in the same batch', () => {
      const partition = evictedConvA();

      const result = projectBatch(partition, items([erasureRequested('conv-a', T + 10 * MINUTE)]), POLICY);

      expect(result.deadLetters).toEqual([]);
      expect(decodeConversation(result.updated[0]!.body)).toMatchObject({ conversationId: 'conv-a', erased: true, version: 1 });
      expect(result.evicted).toEqual(['conv-a']);
    });

    it('given a conversation never seen, then the rules are unchanged: an old event is LATE_EVENT (time rule), a recent one starts a new conversation', () => {
      const partition = evictedConvA();

      const result = projectBatch(partition, items([tagsAdded('conv-old', T + 30 * MINUTE), tagsAdded('conv-new', T + 90 * MINUTE)]), POLICY);

      expect(result.deadLetters.map((d) => [d.cause.conversationId, d.cause.reason])).toEqual([['conv-old', 'LATE_EVENT']]);
      expect(result.deadLetters[0]!.cause.detail).toContain('conversation conv-old is not in the live state');
      expect(versions(result.updated)).toEqual([['conv-new', 1]]);
    });

    it('given conv-a evicted at T + 2 h, when the watermark passes T + 2 h + 7 days, then it is forgotten (pruned on commit), and an event after that starts a new conversation', () => {
      const partition = evictedConvA();

      const moved = projectBatch(partition, items([tagsAdded('conv-clock', T + 2 * HOUR + 7 * DAY + 1)]), POLICY);
      moved.overlay.commit();
      const result = projectBatch(partition, items([tagsAdded('conv-a', T + 2 * HOUR + 7 * DAY)]), POLICY);

      expect(partition.evicted.size).toBe(0);
      expect(result.deadLetters).toEqual([]);
      expect(versions(result.updated)).toEqual([['conv-a', 1]]);
    });

    it('given an evicting batch whose transaction aborted (overlay dropped), then nothing is remembered', () => {
      const partition = new PartitionState(0);
      projectBatch(partition, items(answeredCall('conv-a', T)), POLICY).overlay.commit();

      const aborted = projectBatch(partition, items([tagsAdded('conv-clock', T + 2 * HOUR)]), POLICY);

      expect(aborted.evicted).toEqual(['conv-a']);
      expect(partition.evicted.size).toBe(0);
    });
  });
});
