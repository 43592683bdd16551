import { type Conversation, type Decoder, encodeConversation } from '@callfold/contracts';
import { type InboundMessage, type KafkaClient, type Logger, type ReaderResult, type Unframed, unframe } from '@callfold/kafka';
import { type ConversationState, stateFromConversation } from '@callfold/domain';
import { evictedKeyOf } from './evicted-memory';
import { closedAt } from './grace';
import { PartitionState, storedOf } from './state-store';

/**
 * Header on every record the projector writes: the partition's watermark after that batch. On a
 * tombstone it is the watermark at which the eviction was decided (evictions are decided at the
 * batch's final watermark), which is what the evicted-conversation memory is restored with.
 */
export const WATERMARK_HEADER = 'callfold-watermark';

/** Conversation readers per writer schema id (the registry, cached). */
export type ConversationReaderLookup = (schemaId: number) => Promise<ReaderResult<Decoder<Conversation>>>;

export interface RejectedEntry {
  readonly conversationId: string;
  readonly detail: string;
}

export interface RestoredPartition {
  readonly state: PartitionState;
  /** Records read (projections and tombstones, superseded ones included). */
  readonly records: number;
  readonly tombstones: number;
  /** Evicted conversations remembered after the restore (within the horizon; an id evicted twice may count twice). */
  readonly remembered: number;
  /** Latest values that could not be restored: left out of the state, logged. */
  readonly rejected: readonly RejectedEntry[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Folds one partition of the compacted conversations topic, in offset order, into the live state
 * it describes: the latest value per key wins, a tombstone (null value) removes the key. Values
 * are kept as they arrive (copied out of the fetch buffers as one-byte strings) and decoded once,
 * at the end, only for the keys that survived. The watermark is the greatest WATERMARK_HEADER
 * seen (every projector record carries it, and the partition's last record, which compaction
 * never removes, carries the latest); without any, the latest activity among the restored
 * conversations stands in.
 *
 * Every tombstone is also an eviction: its key's hash goes into the partition's evicted memory with
 * the tombstone's watermark header (the eviction watermark), then entries older than the restored
 * watermark minus `evictedMemoryMs` are pruned, as the live run would have. A tombstone without
 * the header (not written by this projector) is remembered at the restored watermark. Tombstones
 * stay on the compacted topic for its delete.retention.ms only, which must cover the horizon.
 */
export class ChangelogFold {
  private readonly latest = new Map<string, string>();
  private readonly state: PartitionState;
  private readonly unstamped: number[] = [];
  private watermark: number | null = null;
  private records = 0;
  private tombstones = 0;
  private readonly rejected: RejectedEntry[] = [];

  constructor(
    readonly partition: number,
    private readonly evictedMemoryMs: number,
  ) {
    this.state = new PartitionState(partition);
  }

  add(message: InboundMessage): void {
    this.records += 1;
    const header = Number(message.headers[WATERMARK_HEADER]);
    const stamped = message.headers[WATERMARK_HEADER] !== undefined && Number.isSafeInteger(header);
    if (stamped) this.watermark = Math.max(this.watermark ?? header, header);
    const key = message.key?.toString('utf8') ?? '';
    if (key === '') {
      this.rejected.push({ conversationId: '', detail: `record at offset ${message.offset} has no key` });
      return;
    }
    if (message.value === null) {
      this.tombstones += 1;
      this.latest.delete(key);
      if (stamped) this.state.evicted.remember(evictedKeyOf(key), header);
      else this.unstamped.push(evictedKeyOf(key));
    } else {
      this.latest.set(key, message.value.toString('latin1'));
    }
  }

  /** Decodes the surviving values into a partition state; values that do not decode or break the reducer's invariants are rejected. */
  async finish(readerFor: ConversationReaderLookup, currentSchemaId: number): Promise<RestoredPartition> {
    // First the distinct schema ids, read off the strings without decoding anything.
    const ids = new Set<number>();
    for (const value of this.latest.values()) {
      const f = unframe(Buffer.from(value.slice(0, 5), 'latin1'));
      if (f.ok) ids.add(f.schemaId);
    }
    const readers = new Map<number, ReaderResult<Decoder<Conversation>>>();
    await Promise.all([...ids].map(async (id) => readers.set(id, await readerFor(id))));

    const { state } = this;
    let latestActivity: number | null = null;
    // One entry at a time, each value dropped once decoded: the peak stays near one copy.
    for (const [conversationId, value] of this.latest) {
      this.latest.delete(conversationId);
      const restored = restoreOne(conversationId, unframe(Buffer.from(value, 'latin1')), readers, currentSchemaId);
      if (!restored.ok) {
        this.rejected.push({ conversationId, detail: restored.detail });
        continue;
      }
      state.entries.set(conversationId, storedOf(restored.body));
      const at = closedAt(restored.state);
      if (at !== null) state.closing.push(at, conversationId);
      const activity = restored.state.status === 'empty' ? null : (at ?? restored.state.conversation.updatedAt);
      if (activity !== null) latestActivity = Math.max(latestActivity ?? activity, activity);
    }
    state.watermark = this.watermark ?? latestActivity;
    if (state.watermark !== null) {
      for (const key of this.unstamped) state.evicted.remember(key, state.watermark);
      state.evicted.prune(state.watermark - this.evictedMemoryMs);
    }
    this.unstamped.length = 0;
    return { state, records: this.records, tombstones: this.tombstones, remembered: state.evicted.size, rejected: this.rejected };
  }
}

function restoreOne(
  conversationId: string,
  f: Unframed,
  readers: ReadonlyMap<number, ReaderResult<Decoder<Conversation>>>,
  currentSchemaId: number,
): { ok: true; state: ConversationState; body: Buffer } | { ok: false; detail: string } {
  if (!f.ok) return { ok: false, detail: f.detail };
  const reader = readers.get(f.schemaId) as ReaderResult<Decoder<Conversation>>;
  if (!reader.ok) return { ok: false, detail: reader.detail };
  try {
    const conversation = reader.reader(f.body);
    if (conversation.conversationId !== conversationId) {
      return { ok: false, detail: `key "${conversationId}" holds the projection of conversation "${conversation.conversationId}"` };
    }
    const state = stateFromConversation(conversation);
    // Written with the current schema: the body is stored as it is; otherwise re-encoded.
    return { ok: true, state, body: f.schemaId === currentSchemaId ? f.body : encodeConversation(conversation) };
  } catch (error) {
    return { ok: false, detail: messageOf(error) };
  }
}

export interface RestoreOptions {
  readonly client: Pick<KafkaClient, 'readPartitions'>;
  /** The compacted conversations topic. */
  readonly topic: string;
  readonly readerFor: ConversationReaderLookup;
  readonly currentSchemaId: number;
  /** The evicted-conversation memory's horizon (event time): older tombstones are not remembered. */
  readonly evictedMemoryMs: number;
  readonly groupIdPrefix: string;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * Restores the live state of `partitions` from the compacted conversations topic, read from its
 * beginning to its end offset at this moment (read_committed): the changelog restore of Kafka
 * Streams. Runs in the onAssigned hook, so no batch of these partitions is processed before.
 */
export async function restorePartitions(options: RestoreOptions, partitions: readonly number[]): Promise<RestoredPartition[]> {
  const now = options.now ?? Date.now;
  const started = now();
  const folds = new Map(partitions.map((p) => [p, new ChangelogFold(p, options.evictedMemoryMs)] as const));
  const read = await options.client.readPartitions({
    topic: options.topic,
    partitions,
    groupIdPrefix: options.groupIdPrefix,
    onBatch: (batch) => {
      const fold = folds.get(batch.partition);
      if (fold) for (const message of batch.messages) fold.add(message);
    },
  });
  const restored: RestoredPartition[] = [];
  for (const partition of partitions) {
    restored.push(await (folds.get(partition) as ChangelogFold).finish(options.readerFor, options.currentSchemaId));
    folds.delete(partition);
  }
  const durationMs = now() - started;
  for (const r of restored) {
    const offsets = read.find((o) => o.partition === r.state.partition);
    options.logger.info('partition restored', {
      topic: options.topic,
      partition: r.state.partition,
      entries: r.state.entries.size,
      closing: r.state.closing.size,
      records: r.records,
      tombstones: r.tombstones,
      remembered: r.remembered,
      rejected: r.rejected.length,
      watermark: r.state.watermark === null ? null : new Date(r.state.watermark).toISOString(),
      startOffset: offsets?.startOffset,
      endOffset: offsets?.endOffset,
      durationMs,
    });
    for (const rejected of r.rejected.slice(0, 20)) options.logger.error('changelog record not restored', { partition: r.state.partition, ...rejected });
  }
  return restored;
}
