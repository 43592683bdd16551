/**
 * A small, fast, seeded pseudo-random generator (mulberry32: 32-bit state, period 2^32; plenty
 * for the few hundred draws a conversation needs, and not meant for cryptography). The simulator
 * never touches Math.random, so a seed alone decides every byte of a simulated stream.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /**
   * Integer in [min, max] skewed towards min (square of a uniform): talk times, waits and gaps
   * between messages are mostly short with a long tail, as in real contact-center data.
   */
  skewed(min: number, max: number): number {
    const u = this.next();
    return min + Math.floor(u * u * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('Prng.pick needs a non-empty array');
    return item;
  }

  /** An index drawn with probability proportional to its weight (weights >= 0, sum > 0). */
  weighted(weights: readonly number[], total: number): number {
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Exponentially distributed with the given mean: gaps between Poisson arrivals. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/**
 * Derives an independent 32-bit seed for stream `index` of a run (a murmur3-style finaliser over
 * the run seed and the index). Each conversation draws from its own stream, so conversation n is
 * the same whatever else the run contains, and the summary pass can rebuild it without the merge.
 */
export function deriveSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
