/** Test support for the projector's `.int.spec.ts`: unique names, waiting, and reading topics of the real Kafka. */
import { randomUUID } from 'node:crypto';
import { type Conversation, decodeConversation, decodeDeadLetter, type DeadLetter } from '@callfold/contracts';
import { type InboundMessage, type KafkaClient, unframe } from '@callfold/kafka';

/** Fresh names per run: tests never see each other's data (or another agent's), and reruns start clean. */
export function uniqueName(prefix: string): string {
  return `it.${prefix}.${randomUUID().slice(0, 8)}`;
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until the topic's end offsets hold still. A read_committed end offset is the last stable
 * offset: it moves past a committed transaction's records only once the coordinator wrote the
 * commit markers, which happens after EndTxn answered (the projector's counters move at that
 * answer), so a read right after it can end before the transaction's records.
 */
async function settledEndOffsets(client: KafkaClient, topic: string): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  try {
    let before = JSON.stringify(await admin.endOffsets(topic));
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const now = JSON.stringify(await admin.endOffsets(topic));
      if (now === before) return;
      before = now;
    }
  } finally {
    await admin.disconnect();
  }
}

/** Every committed record of the topic's partitions, up to their end offsets once they settled (read_committed). */
export async function readToEnd(client: KafkaClient, topic: string, partitions: number): Promise<InboundMessage[]> {
  await settledEndOffsets(client, topic);
  const seen: InboundMessage[] = [];
  await client.readPartitions({ topic, partitions: Array.from({ length: partitions }, (_, p) => p), onBatch: (batch) => void seen.push(...batch.messages), groupIdPrefix: 'it.reader', maxWaitTimeMs: 200 });
  return seen;
}

function bodyOf(value: Buffer): Buffer {
  const framed = unframe(value);
  if (!framed.ok) throw new Error(framed.detail);
  return framed.body;
}

/** The compacted topic's view: latest value per key (null = tombstone), with the partition it was on. */
export function latestByKey(records: readonly InboundMessage[]): Map<string, { partition: number; conversation: Conversation | null }> {
  const latest = new Map<string, { partition: number; conversation: Conversation | null }>();
  for (const r of records) latest.set(r.key?.toString() ?? '', { partition: r.partition, conversation: r.value === null ? null : decodeConversation(bodyOf(r.value)) });
  return latest;
}

export function deadLettersOf(records: readonly InboundMessage[]): DeadLetter[] {
  return records.map((r) => decodeDeadLetter(bodyOf(r.value as Buffer)));
}
