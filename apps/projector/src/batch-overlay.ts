import { encodeConversation } from '@callfold/contracts';
import { type ConversationState } from '@callfold/domain';
import { closedAt } from './grace';
import { type PartitionState, storedOf } from './state-store';

/** A conversation the batch changed: its new projection and the Avro body written for it. */
export interface UpdatedConversation {
  readonly conversationId: string;
  readonly state: ConversationState;
  readonly body: Buffer;
}

/**
 * What one batch does to a partition's state, kept apart from it until the batch's transaction
 * commits. Reads fall through to the partition (decoded once per batch); writes, evictions and
 * the new watermark stay here. `commit()` applies them; an aborted transaction simply drops the
 * overlay, and the processor's rewind redoes the batch on the untouched state.
 */
export class BatchOverlay {
  private readonly current = new Map<string, ConversationState | null>();
  private readonly updated = new Map<string, ConversationState>();
  private readonly evicted = new Set<string>();
  private bodies: Map<string, Buffer> | undefined;
  watermark: number | null;
  /** The cutoff the evictions were decided at; entries of the closing queue below it are done. */
  cutoff: number | null = null;
  /** Evictions remembered before this (watermark - evicted-memory horizon) are forgotten on commit. */
  memoryFloor: number | null = null;

  constructor(readonly base: PartitionState) {
    this.watermark = base.watermark;
  }

  /** The conversation as this batch sees it; null when not in the live state (or evicted by this batch). */
  get(conversationId: string): ConversationState | null {
    const seen = this.current.get(conversationId);
    if (seen !== undefined) return seen;
    const state = this.base.read(conversationId) ?? null;
    this.current.set(conversationId, state);
    return state;
  }

  set(conversationId: string, state: ConversationState): void {
    this.sealedCheck();
    this.current.set(conversationId, state);
    this.updated.set(conversationId, state);
  }

  evict(conversationId: string): void {
    this.sealedCheck();
    this.current.set(conversationId, null);
    this.evicted.add(conversationId);
  }

  updatedIds(): string[] {
    return [...this.updated.keys()];
  }

  evictedIds(): string[] {
    return [...this.evicted];
  }

  /** Encodes every changed conversation once, in the order first changed; the overlay is read-only afterwards. */
  seal(): UpdatedConversation[] {
    const out: UpdatedConversation[] = [];
    this.bodies = new Map();
    for (const [conversationId, state] of this.updated) {
      if (state.status === 'empty') continue;
      const body = encodeConversation(state.conversation);
      this.bodies.set(conversationId, body);
      out.push({ conversationId, state, body });
    }
    return out;
  }

  /** The watermark at which the conversation was evicted, if the partition remembers it at `floor`; null otherwise. */
  evictedAt(conversationId: string, floor: number | null): number | null {
    return this.base.evicted.evictedAt(conversationId, floor);
  }

  /** Applies the batch to the partition's state. Call only once the batch's transaction committed. */
  commit(): void {
    const bodies = this.bodies;
    if (!bodies) throw new Error('overlay committed before it was sealed');
    const { base } = this;
    for (const [conversationId, body] of bodies) {
      if (!this.evicted.has(conversationId)) base.entries.set(conversationId, storedOf(body));
    }
    for (const conversationId of this.evicted) {
      base.entries.delete(conversationId);
      // Evictions are decided at the batch's final watermark: the value of the tombstone's watermark header.
      if (this.watermark !== null) base.evicted.rememberId(conversationId, this.watermark);
    }
    if (this.memoryFloor !== null) base.evicted.prune(this.memoryFloor);
    // Every queue entry below the cutoff was either evicted now or stale (its conversation changed
    // or left since): see projectBatch.
    if (this.cutoff !== null) base.closing.dropBelow(this.cutoff);
    for (const [conversationId, state] of this.updated) {
      const at = this.evicted.has(conversationId) ? null : closedAt(state);
      if (at !== null) base.closing.push(at, conversationId);
    }
    base.watermark = this.watermark;
  }

  private sealedCheck(): void {
    if (this.bodies) throw new Error('overlay changed after it was sealed');
  }
}
