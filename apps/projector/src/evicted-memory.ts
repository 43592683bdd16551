import { hash53 } from '@callfold/domain';

/** Entries collected in a Map before they are sealed into a sorted typed-array segment. */
export const EVICTED_SEGMENT_SIZE = 4096;

/** A sealed run of evictions: hashes sorted ascending, the eviction watermark of each at the same index. */
interface Segment {
  readonly hashes: Float64Array;
  readonly at: Float64Array;
  /** The latest eviction watermark in the segment: the whole segment is forgotten once this is. */
  readonly latest: number;
}

export function evictedKeyOf(conversationId: string): number {
  return hash53(conversationId);
}

/**
 * One partition's memory of the conversations it evicted (docs/projector.md, "Evicted
 * conversations"): hash53(conversationId) -> the partition's watermark when the eviction was
 * decided, kept for the evicted-memory horizon (event time), so an event of an evicted
 * conversation is dead-lettered instead of starting a partial projection.
 *
 * Compact: new entries go into a Map (fewer than EVICTED_SEGMENT_SIZE of them); a full Map is sealed
 * into a segment of two sorted Float64Arrays, 16 bytes per entry (measured with
 * testing/evicted-memory.bench.ts). Evictions come in watermark order, so segments are in time
 * order and pruning drops whole segments. Lookups are exact whatever the segmenting: an entry is
 * remembered while its watermark is at or after the floor the caller gives (watermark - horizon).
 *
 * A 53-bit hash can collide: with a million remembered ids, a new conversation's id matches one
 * with a probability of about 1e-10; its events would then be dead-lettered LATE_EVENT (never
 * silently lost; `callfold rebuild` includes them).
 */
export class EvictedMemory {
  private pending = new Map<number, number>();
  private pendingLatest = Number.NEGATIVE_INFINITY;
  private pendingEarliest = Number.POSITIVE_INFINITY;
  private segments: Segment[] = [];

  /** `segmentSize`: entries in the Map before it is sealed (tests make it small). */
  constructor(private readonly segmentSize = EVICTED_SEGMENT_SIZE) {}

  /** Entries held (an id evicted twice, sealed in between, counts twice). */
  get size(): number {
    let n = this.pending.size;
    for (const s of this.segments) n += s.hashes.length;
    return n;
  }

  /** Remembers that the conversation with this key (evictedKeyOf) was evicted at watermark `at`. */
  remember(key: number, at: number): void {
    const seen = this.pending.get(key);
    if (seen === undefined || at > seen) this.pending.set(key, at);
    if (at > this.pendingLatest) this.pendingLatest = at;
    if (at < this.pendingEarliest) this.pendingEarliest = at;
    if (this.pending.size >= this.segmentSize) this.seal();
  }

  rememberId(conversationId: string, at: number): void {
    this.remember(evictedKeyOf(conversationId), at);
  }

  /**
   * The watermark at which the conversation was (last) evicted, if that is at or after `floor`
   * (watermark - horizon); null when not remembered. A null floor (no watermark yet) forgets nothing.
   */
  evictedAt(conversationId: string, floor: number | null): number | null {
    const key = evictedKeyOf(conversationId);
    let found = this.pending.get(key) ?? Number.NEGATIVE_INFINITY;
    for (let s = this.segments.length - 1; s >= 0; s--) {
      const segment = this.segments[s] as Segment;
      if (segment.latest <= found) continue; // nothing in it can be later
      const i = indexOf(segment.hashes, key);
      if (i >= 0) found = Math.max(found, segment.at[i] as number);
    }
    if (found === Number.NEGATIVE_INFINITY) return null;
    return floor === null || found >= floor ? found : null;
  }

  /**
   * Drops what is older than `floor` (watermark - horizon): whole segments once their latest entry
   * is (a segment may outlive its oldest entries; lookups still forget them exactly), and
   * entries of the Map one by one (at most EVICTED_SEGMENT_SIZE of them to scan).
   */
  prune(floor: number): void {
    if (this.segments.some((s) => s.latest < floor)) this.segments = this.segments.filter((s) => s.latest >= floor);
    if (this.pendingEarliest >= floor) return;
    if (this.pendingLatest < floor) {
      this.clearPending();
      return;
    }
    let earliest = Number.POSITIVE_INFINITY;
    for (const [key, at] of this.pending) {
      if (at < floor) this.pending.delete(key);
      else if (at < earliest) earliest = at;
    }
    this.pendingEarliest = earliest;
  }

  private clearPending(): void {
    this.pending = new Map();
    this.pendingLatest = Number.NEGATIVE_INFINITY;
    this.pendingEarliest = Number.POSITIVE_INFINITY;
  }

  private seal(): void {
    const hashes = Float64Array.from(this.pending.keys()).sort();
    const at = new Float64Array(hashes.length);
    for (let i = 0; i < hashes.length; i++) at[i] = this.pending.get(hashes[i] as number) as number;
    this.segments.push({ hashes, at, latest: this.pendingLatest });
    this.clearPending();
  }
}

function indexOf(sorted: Float64Array, key: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
