/** Test support: a consumer engine driven by the test, recording what the layer above does. */
import {
  type BatchControl,
  type BatchHandler,
  type ConsumerEngine,
  type ConsumerEngineEvents,
  type ConsumerEngineOptions,
  type FetchedBatch,
  type InboundMessage,
  type TopicPartition,
  type Transaction,
  type TransactionalProducer,
} from '../kafka.port';

export type ControlCall = 'heartbeat' | 'pause' | 'resume' | `consumed ${string}` | `commit ${string}` | `seek ${string}`;

export class FakeControl implements BatchControl {
  readonly calls: ControlCall[] = [];
  running = true;
  stale = false;
  /** Runs at every heartbeat (e.g. to throw like kafkajs does while the group rebalances). */
  onHeartbeat: () => void = () => undefined;

  async heartbeat(): Promise<void> {
    this.calls.push('heartbeat');
    this.onHeartbeat();
  }
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
    return this.running;
  }
  isStale(): boolean {
    return this.stale;
  }
  /** The calls other than heartbeats, which depend on timing. */
  actions(): ControlCall[] {
    return this.calls.filter((c) => c !== 'heartbeat');
  }
}

export class FakeEngine implements ConsumerEngine {
  options: ConsumerEngineOptions | undefined;
  private handler: BatchHandler | undefined;
  private events: ConsumerEngineEvents | undefined;
  stopped = false;

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
  rebalancing(): void {
    this.events?.onRebalancing();
  }
  deliver(batch: FetchedBatch, control = new FakeControl()): { done: Promise<void>; control: FakeControl } {
    if (!this.handler) throw new Error('engine not started');
    return { done: this.handler(batch, control), control };
  }
}

export function batchOf(topic: string, partition: number, offsets: readonly string[]): FetchedBatch {
  const messages: InboundMessage[] = offsets.map((offset) => ({ topic, partition, offset, key: Buffer.from('k'), value: Buffer.from(`v${offset}`), headers: {}, timestamp: '0' }));
  return { topic, partition, messages, lastOffset: offsets[offsets.length - 1] ?? '-1', highWatermark: '100' };
}

export class FakeTransactions implements TransactionalProducer {
  readonly log: string[] = [];
  failAbort = false;
  async connect(): Promise<void> {
    this.log.push('connect');
  }
  async disconnect(): Promise<void> {
    this.log.push('disconnect');
  }
  async transaction(): Promise<Transaction> {
    this.log.push('begin');
    return {
      send: async (topic, records) => void this.log.push(`send ${topic} ${records.length}`),
      sendOffsets: async (groupId, offsets) => void this.log.push(`offsets ${groupId} ${offsets.map((o) => `${o.topic}[${o.partition}]=${o.offset}`).join(',')}`),
      commit: async () => void this.log.push('commit'),
      abort: async () => {
        this.log.push('abort');
        if (this.failAbort) throw new Error('producer fenced');
      },
    };
  }
}
