import { type CallEvent } from '@callfold/contracts';
import { type SimulatedConversation } from './conversation.plan';

/** A conversation being delivered: how far its emission list has been consumed. */
interface Cursor {
  readonly ordinal: number;
  /** Emitted slots are cleared so a long-lived conversation (late enrichment) holds only what is pending. */
  readonly emission: (CallEvent | undefined)[];
  readonly emitAt: readonly number[];
  readonly redelivery: readonly boolean[];
  position: number;
}

/**
 * Merges the open conversations' emission lists into one stream ordered by delivery time, ties
 * broken by conversation ordinal: a binary min-heap of per-conversation cursors, so the cost per
 * event is O(log open conversations) and memory holds only conversations still delivering. The
 * heap keys live in typed arrays beside the cursors: with late enrichment tens of thousands of
 * conversations are open, and comparing keys in contiguous memory avoids a cache miss per step.
 */
export class EmissionMerger {
  private cursors: Cursor[] = [];
  private times = new Float64Array(1024);
  private ordinals = new Float64Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(conversation: SimulatedConversation): void {
    if (conversation.emission.length === 0) return;
    const cursor: Cursor = {
      ordinal: conversation.ordinal,
      emission: conversation.emission.slice(),
      emitAt: conversation.emitAt,
      redelivery: conversation.redelivery,
      position: 0,
    };
    if (this.count === this.times.length) this.grow();
    this.siftUp(this.count++, cursor, conversation.emitAt[0] as number);
  }

  /** Delivery time of the next event, or +Infinity when nothing is pending. */
  nextTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : (this.times[0] as number);
  }

  /** Removes the next event and reports it through `into`; false when nothing is pending. */
  take(into: { event: CallEvent | null; emitAt: number; redelivery: boolean }): boolean {
    if (this.count === 0) return false;
    const top = this.cursors[0] as Cursor;
    const position = top.position;
    into.event = top.emission[position] as CallEvent;
    into.emitAt = top.emitAt[position] as number;
    into.redelivery = top.redelivery[position] as boolean;
    top.emission[position] = undefined;
    top.position = position + 1;
    if (top.position < top.emission.length) {
      this.siftDown(top, top.emitAt[top.position] as number);
    } else {
      const last = --this.count;
      const moved = this.cursors[last] as Cursor;
      const movedTime = this.times[last] as number;
      this.cursors.pop();
      if (last > 0) this.siftDown(moved, movedTime);
    }
    return true;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const ordinals = new Float64Array(this.times.length * 2);
    times.set(this.times);
    ordinals.set(this.ordinals);
    this.times = times;
    this.ordinals = ordinals;
  }

  /** Places `cursor` (key `time`) at the hole `start`, moving parents down while it sorts before them. */
  private siftUp(start: number, cursor: Cursor, time: number): void {
    const { times, ordinals, cursors } = this;
    const ordinal = cursor.ordinal;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (time > pt || (time === pt && ordinal > (ordinals[parent] as number))) break;
      times[i] = pt;
      ordinals[i] = ordinals[parent] as number;
      cursors[i] = cursors[parent] as Cursor;
      i = parent;
    }
    times[i] = time;
    ordinals[i] = ordinal;
    cursors[i] = cursor;
  }

  /** Places `cursor` (key `time`) at the root hole, moving smaller children up. */
  private siftDown(cursor: Cursor, time: number): void {
    const { times, ordinals, cursors } = this;
    const n = this.count;
    const ordinal = cursor.ordinal;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let ct = times[child] as number;
      let co = ordinals[child] as number;
      const right = child + 1;
      if (right < n) {
        const rt = times[right] as number;
        const ro = ordinals[right] as number;
        if (rt < ct || (rt === ct && ro < co)) {
          child = right;
          ct = rt;
          co = ro;
        }
      }
      if (time < ct || (time === ct && ordinal < co)) break;
      times[i] = ct;
      ordinals[i] = co;
      cursors[i] = cursors[child] as Cursor;
      i = child;
    }
    times[i] = time;
    ordinals[i] = ordinal;
    cursors[i] = cursor;
  }
}
