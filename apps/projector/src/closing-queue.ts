/**
 * Closed conversations by the time their grace period started (min-heap), so each batch finds
 * the expired ones without scanning the store. Two parallel arrays, no object per entry: the ids
 * are the store's own key strings, so an entry costs a pointer and a double.
 *
 * Entries are never updated in place: a conversation that changes again gets a new entry, and
 * the old one goes stale. Stale entries are told apart by the caller (the conversation's current
 * closing time differs, or it is gone) and dropped once they fall below the cutoff.
 */
export class ClosingQueue {
  private readonly times: number[] = [];
  private readonly ids: string[] = [];

  get size(): number {
    return this.times.length;
  }

  push(closedAt: number, conversationId: string): void {
    let i = this.times.length;
    this.times.push(closedAt);
    this.ids.push(conversationId);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.times[parent] as number) <= closedAt) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The ids of entries older than `cutoff` (stale ones included), without removing anything. */
  below(cutoff: number): string[] {
    const found: string[] = [];
    const stack = this.times.length > 0 ? [0] : [];
    while (stack.length > 0) {
      const i = stack.pop() as number;
      if ((this.times[i] as number) >= cutoff) continue; // the heap property: nothing below it is older
      found.push(this.ids[i] as string);
      const left = 2 * i + 1;
      if (left < this.times.length) stack.push(left);
      if (left + 1 < this.times.length) stack.push(left + 1);
    }
    return found;
  }

  /** Removes every entry older than `cutoff`. */
  dropBelow(cutoff: number): void {
    while (this.times.length > 0 && (this.times[0] as number) < cutoff) this.popMin();
  }

  private popMin(): void {
    const lastTime = this.times.pop() as number;
    const lastId = this.ids.pop() as string;
    if (this.times.length === 0) return;
    this.times[0] = lastTime;
    this.ids[0] = lastId;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.times.length && (this.times[left] as number) < (this.times[smallest] as number)) smallest = left;
      if (right < this.times.length && (this.times[right] as number) < (this.times[smallest] as number)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const t = this.times[a] as number;
    this.times[a] = this.times[b] as number;
    this.times[b] = t;
    const id = this.ids[a] as string;
    this.ids[a] = this.ids[b] as string;
    this.ids[b] = id;
  }
}
