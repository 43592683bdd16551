import { chunkGroup, groupToken } from './batch-plan';

const at = (offset: string) => ({ offset });
const offsetOf = (item: { offset: string }) => item.offset;
const member = (topic: string, partition: number, offsets: readonly string[]) => ({ topic, partition, items: offsets.map(at) });

describe('batch plan, groups of partition batches', () => {
  describe('groupToken', () => {
    it('given one range, when tokenised, then it is the single-partition token (a group of one batch writes as before)', () => {
      expect(groupToken([{ topic: 'ev', partition: 3, first: '120', last: '199' }])).toBe('ev:3:120-199');
    });

    it('given ranges of several partitions in any order, when tokenised, then they are sorted by topic and partition and joined', () => {
      const ranges = [
        { topic: 'ev', partition: 10, first: '5', last: '6' },
        { topic: 'conv', partition: 1, first: '1', last: '1' },
        { topic: 'ev', partition: 2, first: '7', last: '9' },
      ];

      expect(groupToken(ranges)).toBe('conv:1:1-1,ev:2:7-9,ev:10:5-6');
      expect(groupToken([...ranges].reverse())).toBe(groupToken(ranges));
    });

    it('given no range or a reversed one, when tokenised, then it throws', () => {
      expect(() => groupToken([])).toThrow(RangeError);
      expect(() => groupToken([{ topic: 'ev', partition: 0, first: '5', last: '4' }])).toThrow(RangeError);
    });
  });

  describe('chunkGroup', () => {
    it('given batches that fit, when chunked, then one chunk holds them all, in partition order, with one range each', () => {
      const chunks = chunkGroup([member('ev', 2, ['30', '31']), member('ev', 0, ['7'])], offsetOf, 10);

      expect(chunks).toEqual([
        {
          ranges: [
            { topic: 'ev', partition: 0, first: '7', last: '7' },
            { topic: 'ev', partition: 2, first: '30', last: '31' },
          ],
          items: [at('7'), at('30'), at('31')],
        },
      ]);
    });

    it('given more messages than the limit, when chunked, then a batch straddles two chunks, each range covering its own part', () => {
      const chunks = chunkGroup([member('ev', 0, ['1', '2', '3']), member('ev', 1, ['8', '9'])], offsetOf, 2);

      expect(chunks.map((c) => groupToken(c.ranges))).toEqual(['ev:0:1-2', 'ev:0:3-3,ev:1:8-8', 'ev:1:9-9']);
      expect(chunks.flatMap((c) => c.items.map((i) => i.offset))).toEqual(['1', '2', '3', '8', '9']);
    });

    it('given two batches of one partition or decreasing offsets, when chunked, then it throws', () => {
      expect(() => chunkGroup([member('ev', 0, ['1']), member('ev', 0, ['2'])], offsetOf, 5)).toThrow('two batches of ev:0');
      expect(() => chunkGroup([member('ev', 0, ['2', '1'])], offsetOf, 5)).toThrow(RangeError);
    });

    it('given no batches, when chunked, then no chunk', () => {
      expect(chunkGroup([], offsetOf, 5)).toEqual([]);
    });
  });
});
