/** Unit-test support: a consumer engine driven by the test, and a registry client over the contract schemas. */
import { standaloneSchema } from '@callfold/contracts';
import {
  type BatchControl,
  type BatchHandler,
  type ConsumerEngine,
  type ConsumerEngineEvents,
  type ConsumerEngineOptions,
  type FetchedBatch,
  type InboundMessage,
  type RegistryClient,
  type TopicPartition,
} from '@callfold/kafka';

export class RecordingControl implements BatchControl {
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
  options: ConsumerEngineOptions | undefined;
  stopped = false;
  private handler: BatchHandler | undefined;
  private events: ConsumerEngineEvents | undefined;

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
  async deliver(topic: string, partition: number, messages: readonly InboundMessage[]): Promise<RecordingControl> {
    if (!this.handler) throw new Error('engine not started');
    const control = new RecordingControl();
    const batch: FetchedBatch = { topic, partition, messages, lastOffset: messages[messages.length - 1]?.offset ?? '-1', highWatermark: '1000' };
    await this.handler(batch, control);
    return control;
  }
}

export const CALL_EVENT_SCHEMA_ID = 1;
export const CONVERSATION_SCHEMA_ID = 2;

/** A registry knowing the current CallEvent (id 1) and Conversation (id 2) schemas. */
export const fakeRegistry: RegistryClient = {
  register: async () => {
    throw new Error('the writer never registers schemas');
  },
  schemaById: async (id) => {
    if (id === CALL_EVENT_SCHEMA_ID) return { id, schemaType: 'AVRO', schema: standaloneSchema('CallEvent') };
    if (id === CONVERSATION_SCHEMA_ID) return { id, schemaType: 'AVRO', schema: standaloneSchema('Conversation') };
    return undefined;
  },
};
