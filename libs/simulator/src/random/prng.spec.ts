import { deriveSeed, Prng } from './prng';

describe('Prng', () => {
  // Reference values of bryc's mulberry32 for seed 1: a change of algorithm would change every stream.
  it('given a seed, when drawn, then the sequence is mulberry32 and repeats for the same seed', () => {
    const draws = (seed: number) => Array.from({ length: 3 }, ((rng) => () => rng.next())(new Prng(seed)));
    expect(draws(1)).toEqual(draws(1));
    expect(draws(1).map((x) => Math.round(x * 2 ** 32))).toEqual([2693262067, 11749833, 2265367787]);
    expect(draws(2)).not.toEqual(draws(1));
  });

  it('given bounds, when drawing integers, then every value is inside them and both ends occur', () => {
    const rng = new Prng(7);
    const values = Array.from({ length: 5_000 }, () => rng.int(3, 6));
    expect(Math.min(...values)).toBe(3);
    expect(Math.max(...values)).toBe(6);
    const skewed = Array.from({ length: 5_000 }, () => rng.skewed(0, 99));
    expect(skewed.filter((v) => v < 50).length).toBeGreaterThan(3_000);
  });

  it('given weights, when drawing, then frequencies follow them and a zero weight never wins', () => {
    const rng = new Prng(11);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.weighted([1, 0, 2], 3)]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(1.8);
    expect(counts[2]! / counts[0]!).toBeLessThan(2.2);
  });

  it('given a run seed, when deriving stream seeds, then they are distinct per index and per run', () => {
    const seeds = new Set(Array.from({ length: 10_000 }, (_, i) => deriveSeed(42, i)));
    expect(seeds.size).toBe(10_000);
    expect(deriveSeed(43, 0)).not.toBe(deriveSeed(42, 0));
    expect(deriveSeed(42, 0)).toBe(deriveSeed(42, 0));
  });
});
