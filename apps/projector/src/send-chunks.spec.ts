import { chunkBySize, recordSize } from './send-chunks';

describe('chunkBySize', () => {
  it('given items, when chunked at 10 bytes, then consecutive chunks stay within 10 bytes and keep the order', () => {
    expect(chunkBySize([4, 4, 4, 2, 9, 1], (n) => n, 10)).toEqual([[4, 4], [4, 2], [9, 1]]);
  });

  it('given an item larger than the limit, then it travels alone', () => {
    expect(chunkBySize([3, 25, 3], (n) => n, 10)).toEqual([[3], [25], [3]]);
  });

  it('given nothing, then no chunk', () => {
    expect(chunkBySize([], (n: number) => n, 10)).toEqual([]);
  });
});

describe('recordSize', () => {
  it('given a record, then key, value and headers count, plus a fixed overhead', () => {
    expect(recordSize({ key: 'conv-1', value: Buffer.alloc(100), headers: { 'callfold-watermark': '1773828000000' } })).toBe(64 + 6 + 100 + 18 + 13 + 8);
    expect(recordSize({ key: 'conv-1', value: null })).toBe(70);
  });
});
