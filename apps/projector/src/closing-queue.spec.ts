import fc from 'fast-check';
import { ClosingQueue } from './closing-queue';

describe('ClosingQueue', () => {
  it('given entries at several times, when asked for those below a cutoff, then exactly the older ones come back and nothing is removed', () => {
    // given
    const queue = new ClosingQueue();
    queue.push(50, 'e');
    queue.push(10, 'a');
    queue.push(30, 'c');
    queue.push(20, 'b');
    queue.push(40, 'd');

    // when
    const below = queue.below(30);

    // then
    expect(below.sort()).toEqual(['a', 'b']);
    expect(queue.size).toBe(5);
  });

  it('given entries, when dropping below a cutoff, then the older ones are gone and the rest stay', () => {
    const queue = new ClosingQueue();
    for (const [at, id] of [[5, 'x'], [1, 'y'], [9, 'z'], [3, 'w']] as const) queue.push(at, id);

    queue.dropBelow(5);

    expect(queue.size).toBe(2);
    expect(queue.below(Number.MAX_SAFE_INTEGER).sort()).toEqual(['x', 'z']);
  });

  it('given an empty queue, when asked or dropped, then nothing happens', () => {
    const queue = new ClosingQueue();
    queue.dropBelow(100);
    expect(queue.below(100)).toEqual([]);
    expect(queue.size).toBe(0);
  });

  it('given any pushes and drops, then below() always equals filtering a plain list (a property)', () => {
    const op = fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 1_000 }) }), fc.record({ drop: fc.integer({ min: 0, max: 1_000 }) }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.integer({ min: 0, max: 1_000 }), (ops, cutoff) => {
        const queue = new ClosingQueue();
        let model: { at: number; id: string }[] = [];
        ops.forEach((o, i) => {
          if ('push' in o) {
            queue.push(o.push, `id${i}`);
            model.push({ at: o.push, id: `id${i}` });
          } else {
            queue.dropBelow(o.drop);
            model = model.filter((e) => e.at >= o.drop);
          }
        });
        expect(queue.size).toBe(model.length);
        expect(queue.below(cutoff).sort()).toEqual(model.filter((e) => e.at < cutoff).map((e) => e.id).sort());
      }),
    );
  });
});
