import { type DeadLetter, decodeDeadLetter } from '@callfold/contracts';
import { type KafkaClient, unframe } from '@callfold/kafka';
import { PARTITIONS } from './pipeline';

/** Every committed dead letter of the topic (read_committed, to the end offsets as of now), decoded. */
export async function readDeadLetters(client: KafkaClient, topic: string): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  await client.readPartitions({
    topic,
    partitions: Array.from({ length: PARTITIONS }, (_, p) => p),
    groupIdPrefix: 'e2e.dlq-reader',
    maxWaitTimeMs: 200,
    onBatch: (batch) => {
      for (const message of batch.messages) {
        const framed = unframe(message.value ?? Buffer.alloc(0));
        if (!framed.ok) throw new Error(`dead letter at ${topic}[${message.partition}]@${message.offset} is not framed: ${framed.detail}`);
        letters.push(decodeDeadLetter(framed.body));
      }
    },
  });
  return letters;
}
