import { caughtUp, chunkBatch, dedupToken } from './batch-plan';

const at = (offset: string) => ({ offset });
const offsetOf = (item: { offset: string }) => item.offset;

describe('batch plan', () => {
  describe('dedupToken', () => {
    it('given a topic, a partition and an offset range, when tokenised, then it is topic:partition:first-last', () => {
      expect(dedupToken('callfold.call-events.v1', 3, { first: '120', last: '19999' })).toBe('callfold.call-events.v1:3:120-19999');
    });

    it('given offsets above 2^53, when tokenised, then every digit is kept', () => {
      expect(dedupToken('t', 0, { first: '9007199254740993', last: '9007199254740995' })).toBe('t:0:9007199254740993-9007199254740995');
    });

    it('given a reversed range, a negative offset or a bad partition, when tokenised, then it throws', () => {
      expect(() => dedupToken('t', 0, { first: '5', last: '4' })).toThrow(RangeError);
      expect(() => dedupToken('t', 0, { first: '-1', last: '4' })).toThrow(RangeError);
      expect(() => dedupToken('t', -1, { first: '1', last: '4' })).toThrow(RangeError);
    });
  });

  describe('chunkBatch', () => {
    it('given a batch no larger than the limit, when chunked, then it is one chunk spanning the batch', () => {
      const chunks = chunkBatch([at('7'), at('8'), at('10')], offsetOf, 3);

      expect(chunks).toEqual([{ items: [at('7'), at('8'), at('10')], first: '7', last: '10' }]);
    });

    it('given 5 messages and a limit of 2, when chunked, then 3 consecutive chunks of 2, 2 and 1 with their own ranges', () => {
      const chunks = chunkBatch(['1', '2', '3', '4', '5'].map(at), offsetOf, 2);

      expect(chunks.map((c) => [c.first, c.last, c.items.length])).toEqual([
        ['1', '2', 2],
        ['3', '4', 2],
        ['5', '5', 1],
      ]);
    });

    it('given the same batch twice, when chunked, then the chunks and so the tokens are the same', () => {
      const batch = ['40', '41', '43', '44', '45'].map(at);
      const tokens = () => chunkBatch(batch, offsetOf, 2).map((c) => dedupToken('t', 1, c));

      expect(tokens()).toEqual(['t:1:40-41', 't:1:43-44', 't:1:45-45']);
      expect(tokens()).toEqual(tokens());
    });

    it('given an empty batch, when chunked, then there is nothing to insert', () => {
      expect(chunkBatch([], offsetOf, 10)).toEqual([]);
    });

    it('given offsets out of order or a limit below 1, when chunked, then it throws', () => {
      expect(() => chunkBatch([at('5'), at('4')], offsetOf, 10)).toThrow(/offsets must increase/);
      expect(() => chunkBatch([at('5')], offsetOf, 0)).toThrow(RangeError);
    });
  });

  describe('caughtUp', () => {
    it('given commits at every end offset, when checked, then the group caught up', () => {
      expect(caughtUp([{ partition: 0, offset: '12' }, { partition: 1, offset: '7' }], [{ partition: 0, offset: '12' }, { partition: 1, offset: '7' }])).toBe(true);
    });

    it('given one partition behind, when checked, then it has not caught up', () => {
      expect(caughtUp([{ partition: 0, offset: '12' }, { partition: 1, offset: '6' }], [{ partition: 0, offset: '12' }, { partition: 1, offset: '7' }])).toBe(false);
    });

    it('given an empty partition with no commit, when checked, then it counts as caught up; a non-empty one does not', () => {
      expect(caughtUp([{ partition: 0, offset: '-1' }], [{ partition: 0, offset: '0' }])).toBe(true);
      expect(caughtUp([], [{ partition: 0, offset: '3' }])).toBe(false);
    });
  });
});
