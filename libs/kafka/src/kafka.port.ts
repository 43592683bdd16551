/**
 * Our own door to Kafka. Everything above this file (batch consumer, transactional processor,
 * dead letters) talks to these interfaces only; `kafkajs.adapter.ts` is the one place that
 * knows kafkajs. kafkajs has had no release since February 2023, so a swap (to
 * @confluentinc/kafka-javascript, say) must touch the adapter and nothing else.
 */

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** One consumed record. Offsets and timestamps are int64 decimal strings, as on the wire. */
export interface InboundMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Header values as UTF-8; a repeated header keeps every value, joined by ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Record timestamp, epoch milliseconds. */
  readonly timestamp: string;
}

export interface OutboundRecord {
  readonly key: Buffer | string | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, string>>;
  /** Explicit partition; otherwise the Java-compatible murmur2 partitioner picks one from the key. */
  readonly partition?: number;
}

/** Anything that can write records: a plain producer, or an open transaction. */
export interface RecordSender {
  send(topic: string, records: readonly OutboundRecord[]): Promise<void>;
}

export interface MessageProducer extends RecordSender {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface Transaction extends RecordSender {
  /** Adds the consumer group's next offsets to the transaction (committed with it, or not at all). */
  sendOffsets(groupId: string, offsets: readonly { topic: string; partition: number; offset: string }[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface TransactionalProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  transaction(): Promise<Transaction>;
}

/** A batch of one partition, as fetched. */
export interface FetchedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly InboundMessage[];
  /**
   * Offset of the last record of the fetched range, control records included: on a
   * transactional input topic it can be past the last message (commit markers are invisible).
   */
  readonly lastOffset: string;
  readonly highWatermark: string;
}

/** What the engine lets per-partition logic do while it holds a batch (kafkajs' eachBatch payload). */
export interface BatchControl {
  /** Keeps the member in the group; throws when the group is rebalancing (then abandon the batch). */
  heartbeat(): Promise<void>;
  /** Stops fetching this partition; returns the function that resumes it. */
  pause(): () => void;
  /** Marks everything up to and including `offset` consumed, so the next fetch starts after it. */
  markConsumed(offset: string): void;
  /** Commits the group's offset for this partition to `nextOffset` (last processed + 1). */
  commit(nextOffset: string): Promise<void>;
  /** Moves the fetch position of this partition; the next fetch starts at `offset`. */
  seek(offset: string): void;
  /** False once stop() was called: finish or abandon, but start nothing new. */
  isRunning(): boolean;
  /** True when a seek made this batch outdated. */
  isStale(): boolean;
}

export interface ConsumerEngineOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly fromBeginning?: boolean;
  readonly sessionTimeoutMs?: number;
  readonly rebalanceTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly maxBytes?: number;
  readonly maxBytesPerPartition?: number;
  /**
   * fetch.min.bytes: the broker holds a fetch until this many bytes are ready or `maxWaitTimeMs`
   * passed, so batches grow by size and time without holding uncommitted data in the client.
   */
  readonly minBytes?: number;
  readonly maxWaitTimeMs?: number;
  /** Batches of different partitions processed at once (kafkajs partitionsConsumedConcurrently). */
  readonly partitionsConsumedConcurrently?: number;
  /** false (the default) = isolation.level read_committed: aborted transactions are never seen. */
  readonly readUncommitted?: boolean;
}

export interface ConsumerEngineEvents {
  /** A new group generation: the full assignment of this member (eager protocol: all at once). */
  onGroupJoin(assignment: readonly TopicPartition[]): void;
  /** The group started rebalancing: every batch in flight belongs to the old generation. */
  onRebalancing(): void;
  /** The engine crashed; `restarting` says whether it rejoins by itself. */
  onCrash(error: Error, restarting: boolean): void;
}

export type BatchHandler = (batch: FetchedBatch, control: BatchControl) => Promise<void>;

/** A group member that fetches in batches and never commits by itself. */
export interface ConsumerEngine {
  start(handler: BatchHandler, events: ConsumerEngineEvents): Promise<void>;
  /** Waits for the batches in flight, leaves the group and disconnects. */
  stop(): Promise<void>;
}

export interface KafkaAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  createTopics(topics: readonly { topic: string; partitions: number; config?: Record<string, string> }[]): Promise<void>;
  /** Committed offsets of a group for a topic ("-1" where nothing is committed). */
  committedOffsets(groupId: string, topic: string): Promise<{ partition: number; offset: string }[]>;
  /**
   * End offsets (high watermarks) of a topic, with each partition's log start (the earliest
   * offset still stored; above 0 once retention or DeleteRecords removed the head) where the
   * implementation knows it.
   */
  endOffsets(topic: string): Promise<{ partition: number; offset: string; logStart?: string }[]>;
}

/** What `KafkaClient.readPartitions` reads, and where the records go. */
export interface PartitionReadRequest {
  readonly topic: string;
  readonly partitions: readonly number[];
  /** Receives the records in offset order, one partition's batch at a time; only records below the end offset. */
  readonly onBatch: (batch: FetchedBatch) => Promise<void> | void;
  /** Aborts the read (the returned promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
  /** Prefix of the throwaway consumer group the read uses; default `callfold`. */
  readonly groupIdPrefix?: string;
  readonly maxWaitTimeMs?: number;
}

export interface PartitionReadResult {
  readonly partition: number;
  /** Log start offset when the read began. */
  readonly startOffset: string;
  /** High watermark when the read began: everything below it was read (aborted records skipped). */
  readonly endOffset: string;
  readonly messages: number;
}

/** The factory the rest of callfold receives: one per process, one connection pool. */
export interface KafkaClient {
  readonly description: Readonly<Record<string, unknown>>;
  producer(options?: { idempotent?: boolean }): MessageProducer;
  transactionalProducer(options: { transactionalId: string; transactionTimeoutMs?: number }): TransactionalProducer;
  consumer(options: ConsumerEngineOptions): ConsumerEngine;
  admin(): KafkaAdmin;
  /**
   * Reads partitions from their beginning to their end offsets as of the call (read_committed),
   * outside any consumer group's committed offsets: a changelog restore. Resolves once every
   * partition reached its end offset.
   */
  readPartitions(request: PartitionReadRequest): Promise<PartitionReadResult[]>;
}
