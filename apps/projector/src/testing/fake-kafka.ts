/**
 * Test support: an in-memory Kafka behind libs/kafka's port, enough to run the projector's
 * wiring in a unit test. Topics are logs of records; a transaction's records reach their topic
 * only when it commits (read_committed), so a second projector restores what the first committed.
 * The consumer engine is driven by the test (join, deliver), like libs/kafka's own fakes.
 */
import { type CallEvent, encodeCallEvent, standaloneSchema } from '@callfold/contracts';
import {
  type BatchControl,
  type BatchHandler,
  type ConsumerEngine,
  type ConsumerEngineEvents,
  type ConsumerEngineOptions,
  type FetchedBatch,
  frame,
  type InboundMessage,
  type KafkaAdmin,
  type KafkaClient,
  type OutboundRecord,
  type PartitionReadRequest,
  type PartitionReadResult,
  type RegistryClient,
  type RegistrySchema,
  type TopicPartition,
  type Transaction,
  type TransactionalProducer,
} from '@callfold/kafka';

export class FakeControl implements BatchControl {
  readonly calls: string[] = [];
  async heartbeat(): Promise<void> {}
  pause(): () => void {
    this.calls.push('pause');
    return () => this.calls.push('resume');
  }
  markConsumed(offset: string): void {
    this.calls.push(`consumed ${offset}`);
  }
  async commit(nextOffset: string): Promise<void> {
    this.calls.push(`commit ${nextOffset}`);
  }
  seek(offset: string): void {
    this.calls.push(`seek ${offset}`);
  }
  isRunning(): boolean {
    return true;
  }
  isStale(): boolean {
    return false;
  }
}

export class FakeEngine implements ConsumerEngine {
  handler: BatchHandler | undefined;
  events: ConsumerEngineEvents | undefined;
  stopped = false;
  constructor(readonly options: ConsumerEngineOptions) {}
  async start(handler: BatchHandler, events: ConsumerEngineEvents): Promise<void> {
    this.handler = handler;
    this.events = events;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  join(assignment: readonly TopicPartition[]): void {
    this.events?.onGroupJoin(assignment);
  }
  async deliver(batch: FetchedBatch, control = new FakeControl()): Promise<FakeControl> {
    if (!this.handler) throw new Error('engine not started');
    await this.handler(batch, control);
    return control;
  }
}

export interface StoredRecord extends OutboundRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export class FakeKafka implements KafkaClient {
  readonly description = { fake: true };
  readonly topics = new Map<string, { partitions: number; config: Record<string, string> }>();
  readonly log: StoredRecord[] = [];
  readonly transactions: string[] = [];
  readonly engines: FakeEngine[] = [];
  readonly reads: PartitionReadRequest[] = [];
  /** Makes the next commit fail (the transaction is then aborted by the processor). */
  failNextCommit = false;

  producer(): never {
    throw new Error('the projector sends through transactions only');
  }

  transactionalProducer({ transactionalId }: { transactionalId: string }): TransactionalProducer {
    return {
      connect: async () => void this.transactions.push(`connect ${transactionalId}`),
      disconnect: async () => void this.transactions.push(`disconnect ${transactionalId}`),
      transaction: async (): Promise<Transaction> => {
        const pending: OutboundRecord[][] = [];
        const topicsOf: string[] = [];
        this.transactions.push('begin');
        return {
          send: async (topic, records) => {
            this.transactions.push(`send ${topic} ${records.length}`);
            pending.push([...records]);
            topicsOf.push(topic);
          },
          sendOffsets: async (groupId, offsets) => void this.transactions.push(`offsets ${groupId} ${offsets.map((o) => `${o.topic}[${o.partition}]=${o.offset}`).join(',')}`),
          commit: async () => {
            if (this.failNextCommit) {
              this.failNextCommit = false;
              throw new Error('commit failed');
            }
            this.transactions.push('commit');
            pending.forEach((records, i) => this.append(topicsOf[i] as string, records));
          },
          abort: async () => void this.transactions.push('abort'),
        };
      },
    };
  }

  consumer(options: ConsumerEngineOptions): ConsumerEngine {
    const engine = new FakeEngine(options);
    this.engines.push(engine);
    return engine;
  }

  admin(): KafkaAdmin {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      createTopics: async (topics) => {
        for (const { topic, partitions, config } of topics) if (!this.topics.has(topic)) this.topics.set(topic, { partitions, config: { ...config } });
      },
      committedOffsets: async () => [],
      endOffsets: async (topic) => Array.from({ length: this.topics.get(topic)?.partitions ?? 0 }, (_, partition) => ({ partition, offset: String(this.recordsOf(topic, partition).length) })),
    };
  }

  async readPartitions(request: PartitionReadRequest): Promise<PartitionReadResult[]> {
    this.reads.push(request);
    const results: PartitionReadResult[] = [];
    for (const partition of request.partitions) {
      const messages = this.recordsOf(request.topic, partition).map(toInbound);
      if (messages.length > 0) await request.onBatch({ topic: request.topic, partition, messages, lastOffset: String(messages.length - 1), highWatermark: String(messages.length) });
      results.push({ partition, startOffset: '0', endOffset: String(messages.length), messages: messages.length });
    }
    return results;
  }

  append(topic: string, records: readonly OutboundRecord[]): StoredRecord[] {
    const stored = records.map((r) => {
      const partition = r.partition ?? 0;
      const record: StoredRecord = { ...r, topic, partition, offset: this.recordsOf(topic, partition).length };
      this.log.push(record);
      return record;
    });
    return stored;
  }

  recordsOf(topic: string, partition: number): StoredRecord[] {
    return this.log.filter((r) => r.topic === topic && r.partition === partition);
  }

  /** Appends call events (framed with schema id 1) to a partition and returns them as a fetched batch; record timestamps are the event times unless given. */
  produceEvents(topic: string, partition: number, events: readonly CallEvent[], options: { timestamp?: number } = {}): FetchedBatch {
    const records = events.map((e) => ({ key: e.conversationId, value: frame(CALL_EVENT_SCHEMA_ID, encodeCallEvent(e)), partition }));
    const messages = this.produceRaw(topic, partition, records).map((m, i) => ({ ...m, timestamp: String(options.timestamp ?? events[i]?.occurredAt ?? 0) }));
    return batchOf(topic, partition, messages);
  }

  /** Appends records as they are (poison included) and returns them as consumed messages. */
  produceRaw(topic: string, partition: number, records: readonly OutboundRecord[]): InboundMessage[] {
    return this.append(topic, records.map((r) => ({ ...r, partition }))).map(toInbound);
  }
}

export function batchOf(topic: string, partition: number, messages: readonly InboundMessage[]): FetchedBatch {
  return { topic, partition, messages, lastOffset: messages[messages.length - 1]?.offset ?? '-1', highWatermark: '0' };
}

function toInbound(r: StoredRecord): InboundMessage {
  return {
    topic: r.topic,
    partition: r.partition,
    offset: String(r.offset),
    key: r.key === null ? null : Buffer.isBuffer(r.key) ? r.key : Buffer.from(r.key),
    value: r.value,
    headers: { ...r.headers },
    timestamp: '0',
  };
}

export const CALL_EVENT_SCHEMA_ID = 1;

/** A registry knowing the CallEvent schema as id 1 and handing out ids 10, 11 ... to registered subjects. */
export class FakeRegistry implements RegistryClient {
  readonly registered = new Map<string, number>();
  private readonly schemas = new Map<number, RegistrySchema>([[CALL_EVENT_SCHEMA_ID, { id: CALL_EVENT_SCHEMA_ID, schemaType: 'AVRO', schema: standaloneSchema('CallEvent') }]]);

  async register(subject: string, schema: string): Promise<number> {
    let id = this.registered.get(subject);
    if (id === undefined) {
      id = 10 + this.registered.size;
      this.registered.set(subject, id);
      this.schemas.set(id, { id, schemaType: 'AVRO', schema });
    }
    return id;
  }

  async schemaById(id: number): Promise<RegistrySchema | undefined> {
    return this.schemas.get(id);
  }
}

