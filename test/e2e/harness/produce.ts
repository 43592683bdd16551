import { type KafkaClient } from '@callfold/kafka';
import { type StreamMessage } from './known-stream';

export interface ProduceOptions {
  /** Records per send (one produce request). */
  readonly chunk?: number;
  /** Pause between sends, so the stream flows while the test disturbs the pipeline. */
  readonly pauseMs?: number;
  /** Called after each send with the number of messages sent so far (kills, outages...). */
  readonly afterChunk?: (sent: number) => Promise<void> | void;
}

/**
 * Produces the messages in order through libs/kafka's idempotent producer (acks=all, one request
 * in flight, murmur2 partitioner on the key, as every callfold producer), `chunk` at a time.
 */
export async function produceStream(client: KafkaClient, topic: string, messages: readonly StreamMessage[], options: ProduceOptions = {}): Promise<void> {
  const chunk = options.chunk ?? 250;
  const producer = client.producer({ idempotent: true });
  await producer.connect();
  try {
    for (let start = 0; start < messages.length; start += chunk) {
      const slice = messages.slice(start, start + chunk);
      await producer.send(
        topic,
        slice.map((m) => ({ key: m.key, value: m.value })),
      );
      await options.afterChunk?.(start + slice.length);
      if (options.pauseMs && start + chunk < messages.length) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  } finally {
    await producer.disconnect();
  }
}
