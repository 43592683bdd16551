import { Kafka, logLevel } from 'kafkajs';
import { type KafkaSettings, toKafkaJsConfig } from '@callfold/kafka';

export interface BareConsumerResult {
  readonly messages: number;
  /** From the first batch received to the last message counted: the reading rate itself (the first batch's messages left out). */
  readonly seconds: number;
  /** From `run()` to the last message: includes the group join and the first fetch. */
  readonly secondsWithJoin: number;
  readonly perSecond: number;
  readonly batches: number;
}


/**
 * The ceiling of the Kafka client library on this machine: a kafkajs consumer in a fresh group,
 * from the beginning of the topic, `eachBatch` doing nothing but count (no decoding, no commits,
 * kafkajs' default fetch sizes, the same ones the projector uses), until `expected` messages were
 * seen. Straight kafkajs, not libs/kafka's port, so the figure is the library's and not ours.
 */
export async function runBareConsumer(settings: KafkaSettings, topic: string, groupId: string, expected: number): Promise<BareConsumerResult> {
  const kafka = new Kafka({ ...toKafkaJsConfig(settings), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  let messages = 0;
  let batches = 0;
  let first: number | undefined;
  let firstBatch = 0;
  let last = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const started = performance.now();
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      if (first === undefined) {
        first = performance.now();
        firstBatch = batch.messages.length;
      }
      batches += 1;
      messages += batch.messages.length;
      if (messages >= expected) {
        last = performance.now();
        done();
      }
    },
  });
  await finished;
  await consumer.disconnect();
  const seconds = (last - (first as number)) / 1000;
  // The first batch was fetched before the clock started: its messages are not counted in the rate.
  // A topic read in a handful of batches (a tiny run) has no rate to speak of: then the join counts.
  const secondsWithJoin = (last - started) / 1000;
  const perSecond = batches >= 10 ? Math.round((messages - firstBatch) / seconds) : Math.round(messages / secondsWithJoin);
  return { messages, seconds, secondsWithJoin, perSecond, batches };
}
