import { unframe } from '@callfold/kafka';
import { projectBatch } from './batch-projection';
import { projectionSends } from './projection-records';
import { WATERMARK_HEADER } from './restore';
import { recordSize } from './send-chunks';
import { PartitionState } from './state-store';
import { answeredCall, DAY, items, partitionWith, POLICY } from './testing/projector.fixtures';

const T = Date.UTC(2026, 2, 18, 10, 0, 0);

describe('projectionSends', () => {
  it('given a batch that changes two conversations and evicts a third, when its records are built, then projections then the tombstone go to the input partition with the batch watermark', () => {
    // given conv-old ended and committed (evicted once the watermark moves a day on), two new calls
    const partition = new PartitionState(3);
    projectBatch(partition, items(answeredCall('conv-old', T)), POLICY).overlay.commit();
    const result = projectBatch(partition, items([...answeredCall('conv-a', T + DAY), ...answeredCall('conv-b', T + DAY)]), POLICY);

    // when
    const sends = projectionSends(result, 3, 42, 1_000_000);

    // then
    const records = sends.flat();
    expect(records.map((r) => [r.key, r.partition, r.value === null ? null : unframe(r.value).ok])).toEqual([
      ['conv-a', 3, true],
      ['conv-b', 3, true],
      ['conv-old', 3, null],
    ]);
    expect(new Set(records.map((r) => r.headers?.[WATERMARK_HEADER]))).toEqual(new Set([String(result.overlay.watermark)]));
  });

  it('given a send limit below two records, when records are built, then each travels in its own send, sized like recordSize says', () => {
    const partition = partitionWith({}, null, 0);
    const result = projectBatch(partition, items([...answeredCall('conv-a', T), ...answeredCall('conv-b', T)]), POLICY);
    const one = projectionSends(result, 0, 42, 1_000_000).flat();
    const limit = Math.max(...one.map((r) => recordSize(r))) + 1;

    const sends = projectionSends(result, 0, 42, limit);

    expect(sends.map((s) => s.map((r) => r.key))).toEqual([['conv-a'], ['conv-b']]);
  });

  it('given the same batch projected twice on the same state, when records are built, then they are byte for byte the same', () => {
    const partition = partitionWith({ 'conv-a': answeredCall('conv-a', T).slice(0, 2) });
    const batch = items(answeredCall('conv-a', T));

    const [first, second] = [projectionSends(projectBatch(partition, batch, POLICY), 0, 42, 1_000_000), projectionSends(projectBatch(partition, batch, POLICY), 0, 42, 1_000_000)];

    expect(second).toEqual(first);
  });
});
