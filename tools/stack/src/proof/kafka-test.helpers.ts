import { randomUUID } from 'node:crypto';
import { type Consumer, type KafkaMessage } from 'kafkajs';

/** A topic or group name no earlier run used, so runs against a long-lived broker never collide. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * Starts `consumer` and resolves with the first `count` messages it receives, in order. The
 * consumer keeps running; the caller disconnects it. No timer: a missing message fails the test
 * through jest's test timeout.
 */
export function firstMessages(consumer: Consumer, count: number, options: { autoCommit?: boolean } = {}): Promise<KafkaMessage[]> {
  return new Promise((resolve, reject) => {
    const received: KafkaMessage[] = [];
    consumer
      .run({
        autoCommit: options.autoCommit ?? true,
        eachMessage: async ({ message }) => {
          received.push(message);
          if (received.length === count) resolve(received);
        },
      })
      .catch(reject);
  });
}

export const values = (messages: readonly KafkaMessage[]): string[] => messages.map((m) => m.value?.toString() ?? '<null>');

/**
 * kafkajs hands each message the header of its record batch at runtime (`batchContext`), though
 * its types omit it. The producer id and first sequence there show whether the idempotent
 * producer stamped the batch.
 */
export interface BatchContext {
  readonly producerId: string;
  readonly producerEpoch: number;
  readonly firstSequence: number;
  readonly inTransaction: boolean;
}

export const batchContextOf = (message: KafkaMessage): BatchContext => (message as KafkaMessage & { batchContext: BatchContext }).batchContext;
