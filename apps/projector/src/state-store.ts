import { decodeConversation } from '@callfold/contracts';
import { type ConversationState, stateFromConversation } from '@callfold/domain';
import { ClosingQueue } from './closing-queue';
import { EvictedMemory } from './evicted-memory';

/**
 * The projector's live state: per owned partition, conversationId -> the conversation's current
 * projection. An entry is the Avro body of the Conversation (contracts' codec, current schema)
 * held as a one-byte ("latin1") string: about 720 bytes per entry against 2,170 for the folded
 * object (docs/projector.md, "State representation"). A string costs a 16-byte header and one
 * byte per byte on the V8 heap; a Buffer costs ~100 bytes of wrapper objects and, when small,
 * pins an 8 KB slab of Node's pool. The body is the projection record's own payload, encoded
 * anyway for Kafka, so storing it is one copy, and reading it back is one Avro decode.
 */
export type StoredConversation = string;

export function storedOf(body: Buffer): StoredConversation {
  return body.toString('latin1');
}

export function bodyOf(stored: StoredConversation): Buffer {
  return Buffer.from(stored, 'latin1');
}

/** @throws UndecodableError, ImpossibleTransitionError (CORRUPT_STATE) */
export function stateOfStored(stored: StoredConversation): ConversationState {
  return stateFromConversation(decodeConversation(bodyOf(stored)));
}

/**
 * One partition's live conversations, its event-time watermark, its closed conversations by
 * closing time and its memory of the conversations it evicted (within the horizon).
 */
export class PartitionState {
  readonly entries = new Map<string, StoredConversation>();
  readonly closing = new ClosingQueue();
  readonly evicted = new EvictedMemory();
  /** Greatest event time folded on this partition (capped, see grace.ts); null before any. */
  watermark: number | null = null;

  constructor(readonly partition: number) {}

  /** The conversation's state, decoded; undefined when it is not in the live state. */
  read(conversationId: string): ConversationState | undefined {
    const stored = this.entries.get(conversationId);
    return stored === undefined ? undefined : stateOfStored(stored);
  }
}

/** The partitions this instance owns, each restored before any of its batches ran. */
export class StateStore {
  private readonly partitions = new Map<number, PartitionState>();

  install(state: PartitionState): void {
    this.partitions.set(state.partition, state);
  }

  drop(partition: number): void {
    this.partitions.delete(partition);
  }

  get(partition: number): PartitionState | undefined {
    return this.partitions.get(partition);
  }

  /** Owned partitions, their entries, closed entries awaiting eviction and remembered evictions, for logs and metrics. */
  stats(): { partitions: number[]; entries: number; closing: number; remembered: number } {
    let entries = 0;
    let closing = 0;
    let remembered = 0;
    for (const p of this.partitions.values()) {
      entries += p.entries.size;
      closing += p.closing.size;
      remembered += p.evicted.size;
    }
    return { partitions: [...this.partitions.keys()].sort((a, b) => a - b), entries, closing, remembered };
  }
}
