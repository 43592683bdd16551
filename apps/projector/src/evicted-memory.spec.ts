import fc from 'fast-check';
import { hash53 } from '@callfold/domain';
import { EVICTED_SEGMENT_SIZE, EvictedMemory, evictedKeyOf } from './evicted-memory';

const T = Date.UTC(2026, 2, 18, 10, 0, 0);
const HOUR = 3_600_000;

describe('EvictedMemory: evicted conversations of one partition, by hash53 of their id', () => {
  it('given nothing remembered, when an id is looked up, then it is unknown', () => {
    expect(new EvictedMemory().evictedAt('conv-a', null)).toBeNull();
  });

  it('given conv-a evicted at T, when looked up, then its eviction watermark comes back; another id is unknown', () => {
    // given
    const memory = new EvictedMemory();
    memory.rememberId('conv-a', T);

    // when / then
    expect(memory.evictedAt('conv-a', null)).toBe(T);
    expect(memory.evictedAt('conv-a', T)).toBe(T);
    expect(memory.evictedAt('conv-b', null)).toBeNull();
    expect(memory.size).toBe(1);
    expect(evictedKeyOf('conv-a')).toBe(hash53('conv-a'));
  });

  it('given an entry, when looked up with a floor (watermark - horizon) after its watermark, then it is forgotten', () => {
    const memory = new EvictedMemory();
    memory.rememberId('conv-a', T);

    expect(memory.evictedAt('conv-a', T + 1)).toBeNull();
  });

  it('given an id evicted twice, then the later eviction counts, in the Map as after sealing', () => {
    const memory = new EvictedMemory();
    memory.rememberId('twice', T);
    memory.rememberId('twice', T + HOUR);
    expect(memory.evictedAt('twice', null)).toBe(T + HOUR);

    // the first sealed in an older segment, the second in a newer one
    const sealed = new EvictedMemory();
    sealed.rememberId('twice', T);
    for (let i = 1; i < EVICTED_SEGMENT_SIZE; i++) sealed.rememberId(`filler-${i}`, T);
    sealed.rememberId('twice', T + HOUR);
    expect(sealed.evictedAt('twice', null)).toBe(T + HOUR);
    expect(sealed.evictedAt('twice', T + HOUR)).toBe(T + HOUR);
  });

  it('given 10,000 ids over 10 hours (sealed segments and the Map), when the watermark moves, then pruning drops the old ones and keeps every one at or after the floor', () => {
    // given id-i evicted at T + i * 3.6 s
    const memory = new EvictedMemory();
    for (let i = 0; i < 10_000; i++) memory.rememberId(`id-${i}`, T + i * 3_600);

    // when pruned at the floor T + 5 h (entries from id-5000 on are kept)
    memory.prune(T + 5 * HOUR);

    // then
    expect(memory.evictedAt('id-4999', T + 5 * HOUR)).toBeNull();
    expect(memory.evictedAt('id-5000', T + 5 * HOUR)).toBe(T + 5 * HOUR);
    expect(memory.evictedAt('id-9999', T + 5 * HOUR)).toBe(T + 9_999 * 3_600);
    // whole segments go: the first (ids 0..4095) is gone, the one holding id-5000 stays
    expect(memory.size).toBe(10_000 - EVICTED_SEGMENT_SIZE);
    // and once everything is past the floor, nothing is left
    memory.prune(T + 11 * HOUR);
    expect(memory.size).toBe(0);
    expect(memory.evictedAt('id-9999', null)).toBeNull();
  });

  it('behaves like a Map of id -> latest eviction with exact floors (model check)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('remember' as const), id: fc.integer({ min: 0, max: 300 }), dt: fc.integer({ min: 0, max: 10 }) }),
      fc.record({ kind: fc.constant('prune' as const), back: fc.integer({ min: 0, max: 2_000 }) }),
      fc.record({ kind: fc.constant('lookup' as const), id: fc.integer({ min: 0, max: 300 }), back: fc.integer({ min: 0, max: 2_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 2_000 }), fc.integer({ min: 1, max: 64 }), (ops, segmentSize) => {
        const memory = new EvictedMemory(segmentSize);
        const model = new Map<string, number>();
        let now = 0; // evictions come in watermark order
        let pruned = Number.NEGATIVE_INFINITY;
        for (const o of ops) {
          if (o.kind === 'remember') {
            now += o.dt;
            memory.rememberId(`c-${o.id}`, now);
            model.set(`c-${o.id}`, Math.max(model.get(`c-${o.id}`) ?? now, now));
          } else if (o.kind === 'prune') {
            pruned = Math.max(pruned, now - o.back);
            memory.prune(now - o.back);
          } else {
            // floors only move forward, as the watermark does
            const floor = Math.max(pruned, now - o.back);
            const expected = model.get(`c-${o.id}`);
            expect(memory.evictedAt(`c-${o.id}`, floor)).toBe(expected !== undefined && expected >= floor ? expected : null);
          }
        }
      }),
      { numRuns: 50 },
    );
  });
});
