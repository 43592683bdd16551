import { type DeadLetter, decodeDeadLetter } from '@callfold/contracts';
import { DEAD_LETTER_REASON_HEADER, type KafkaClient, unframe } from '@callfold/kafka';
import { PARTITIONS } from './pipeline';

/** Every committed dead letter of the topic (read_committed, to the end offsets as of now), decoded. */
export async function readDeadLetters(client: KafkaClient, topic: string): Promise<DeadLetter[]> {
  return (await readDeadLetterRecords(client, topic)).map((r) => r.letter);
}

/** A dead letter with the reason its record header carries (`callfold-dead-letter-reason`). */
export interface DeadLetterRecord {
  readonly letter: DeadLetter;
  readonly reasonHeader: string | undefined;
}

/** Every committed dead letter of the topic, decoded, with its record's reason header. */
export async function readDeadLetterRecords(client: KafkaClient, topic: string): Promise<DeadLetterRecord[]> {
  const records: DeadLetterRecord[] = [];
  await client.readPartitions({
    topic,
    partitions: Array.from({ length: PARTITIONS }, (_, p) => p),
    groupIdPrefix: 'e2e.dlq-reader',
    maxWaitTimeMs: 200,
    onBatch: (batch) => {
      for (const message of batch.messages) {
        const framed = unframe(message.value ?? Buffer.alloc(0));
        if (!framed.ok) throw new Error(`dead letter at ${topic}[${message.partition}]@${message.offset} is not framed: ${framed.detail}`);
        records.push({ letter: decodeDeadLetter(framed.body), reasonHeader: message.headers[DEAD_LETTER_REASON_HEADER] });
      }
    },
  });
  return records;
}
