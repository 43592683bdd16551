/** Test support for the projector's `.int.spec.ts`: unique names, waiting, and reading topics of the real Kafka. */
import { randomUUID } from 'node:crypto';
import { type Conversation, decodeConversation, decodeDeadLetter, type DeadLetter } from '@callfold/contracts';
import { type InboundMessage, type KafkaClient, settledEndOffsets, unframe } from '@callfold/kafka';

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

async function settle(client: KafkaClient, topic: string): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  try {
    await settledEndOffsets(admin, topic, { intervalMs: 200, quietReads: 1 });
  } finally {
    await admin.disconnect();
  }
}

/** Every committed record of the topic's partitions, up to their end offsets once they settled (read_committed). */
export async function readToEnd(client: KafkaClient, topic: string, partitions: number): Promise<InboundMessage[]> {
  await settle(client, topic);
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
