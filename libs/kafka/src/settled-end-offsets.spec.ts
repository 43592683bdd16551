import { settledEndOffsets } from './settled-end-offsets';

describe('settledEndOffsets', () => {
  const sleep = async () => undefined;

  it('given end offsets that move after the first read, when settling, then the offsets after the move are returned once they held still', async () => {
    // given: the commit markers land between the first and second read
    const reads = [[{ partition: 0, offset: '4' }], [{ partition: 0, offset: '7' }]];
    let calls = 0;
    const admin = { endOffsets: async () => reads[Math.min(calls++, reads.length - 1)] ?? [] };

    // when
    const ends = await settledEndOffsets(admin, 't', { sleep, quietReads: 3 });

    // then: one moving read, then three quiet ones
    expect(ends).toEqual([{ partition: 0, offset: '7' }]);
    expect(calls).toBe(5);
  });

  it('given end offsets that never move, when settling, then they are returned after the quiet reads', async () => {
    let calls = 0;
    const admin = {
      endOffsets: async () => {
        calls += 1;
        return [{ partition: 0, offset: '2' }, { partition: 1, offset: '3' }];
      },
    };
    expect(await settledEndOffsets(admin, 't', { sleep, quietReads: 2 })).toEqual([{ partition: 0, offset: '2' }, { partition: 1, offset: '3' }]);
    expect(calls).toBe(3);
  });
});
