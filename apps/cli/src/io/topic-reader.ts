import { randomUUID } from 'node:crypto';
import { type InboundMessage, type KafkaAdmin, type KafkaClient } from '@callfold/kafka';
import { CliError, messageOf } from '../cli/cli-error';

/**
 * Reads a whole topic once, from the beginning up to the end offsets it had when the read began,
 * without touching any service's consumer group: the consumer joins a fresh group of its own
 * (`<prefix>.<random>`), is its only member, and never commits. Messages produced after the start
 * are ignored, so the result is one consistent cut of the topic.
 *
 * Kafka does not deliver transaction markers, so a partition whose last records are commit
 * markers (dead letters published inside transactions) never shows a message at end - 1; the
 * engine hands such a range over as an empty batch whose lastOffset reaches the end, which
 * completes the partition. One whose records were removed by retention meanwhile may never get
 * there: partitions are closed after `idleMs` without any batch, and the report says which ones
 * and how far they got.
 */
export interface PartitionRead {
  readonly partition: number;
  /** End offset (high watermark) at the start: the read covers [log start, end). */
  readonly endOffset: string;
  /** Offset after the last message delivered, or null when none was. */
  readonly readUpTo: string | null;
  /** False when the partition was closed by the idle timeout before reaching its end offset. */
  readonly complete: boolean;
}

export interface TopicReadReport {
  readonly topic: string;
  readonly partitions: readonly PartitionRead[];
  readonly messages: number;
}

export interface TopicReadOptions {
  readonly client: KafkaClient;
  readonly topic: string;
  /** Prefix of the throwaway group id, e.g. `callfold.cli.rebuild`. */
  readonly groupPrefix: string;
  /** Called with the messages of one partition below its end offset, in offset order, one batch at a time. */
  readonly onMessages: (partition: number, messages: readonly InboundMessage[]) => Promise<void> | void;
  /** Close the remaining partitions after this long without a batch (default 5 s). */
  readonly idleMs?: number;
  readonly now?: () => number;
}

interface PartitionProgress {
  readonly end: bigint;
  /** Offset after the last delivered message. */
  next: bigint | null;
  /** A fetched range (markers included) reached the end offset. */
  reached: boolean;
  /** Closed by the idle timeout. */
  closed: boolean;
}

const isOpen = (p: PartitionProgress) => !p.reached && !p.closed;

/** End offsets of a topic, with an error that says whether Kafka or the topic is the problem. */
export async function fetchEndOffsets(admin: Pick<KafkaAdmin, 'connect' | 'disconnect' | 'endOffsets'>, topic: string): Promise<{ partition: number; offset: string }[]> {
  try {
    await admin.connect();
  } catch (error) {
    throw new CliError(`cannot connect to Kafka: ${messageOf(error)}`);
  }
  try {
    return await admin.endOffsets(topic);
  } catch (error) {
    throw new CliError(`topic "${topic}" cannot be read (does it exist?): ${messageOf(error)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function readTopicToEnd(options: TopicReadOptions): Promise<TopicReadReport> {
  const now = options.now ?? Date.now;
  const idleMs = options.idleMs ?? 5_000;
  const ends = await fetchEndOffsets(options.client.admin(), options.topic);
  const progress = new Map<number, PartitionProgress>(ends.map(({ partition, offset }) => [partition, { end: BigInt(offset), next: null, reached: BigInt(offset) === 0n, closed: false }]));
  const report = (): TopicReadReport => ({
    topic: options.topic,
    messages,
    partitions: [...progress].map(([partition, p]) => ({ partition, endOffset: p.end.toString(), readUpTo: p.next?.toString() ?? null, complete: p.reached })),
  });
  let messages = 0;
  const open = () => [...progress.values()].some(isOpen);
  if (!open()) return report();

  let failure: unknown;
  let joined = false;
  let lastActivity = now();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const engine = options.client.consumer({ groupId: `${options.groupPrefix}.${randomUUID()}`, topics: [options.topic], fromBeginning: true, maxWaitTimeMs: 500 });
  const idleCheck = setInterval(() => {
    if (joined && now() - lastActivity >= idleMs) {
      for (const p of progress.values()) if (isOpen(p)) p.closed = true;
      finish();
    }
  }, Math.min(250, idleMs));
  try {
    await engine.start(
      async (batch, control) => {
        lastActivity = now();
        const p = progress.get(batch.partition);
        if (failure !== undefined || !p || !isOpen(p)) return;
        const wanted = batch.messages.filter((m) => BigInt(m.offset) < p.end);
        try {
          if (wanted.length > 0) await options.onMessages(batch.partition, wanted);
        } catch (error) {
          // Not rethrown: kafkajs would restart the fetch loop. The read ends with this error.
          failure = error;
          finish();
          return;
        }
        messages += wanted.length;
        const last = wanted.at(-1);
        if (last) p.next = BigInt(last.offset) + 1n;
        // The fetch position only moves forward when the batch is marked consumed (never committed).
        control.markConsumed(batch.lastOffset);
        if (BigInt(batch.lastOffset) + 1n >= p.end) p.reached = true;
        if (!open()) finish();
      },
      {
        onGroupJoin: () => {
          joined = true;
          lastActivity = now();
        },
        onRebalancing: () => undefined,
        onCrash: (error, restarting) => {
          if (!restarting) {
            failure = error;
            finish();
          }
        },
      },
    );
    await finished;
  } finally {
    clearInterval(idleCheck);
    await engine.stop();
  }
  if (failure !== undefined) throw failure;
  return report();
}

/** Partitions closed by the idle timeout, for a warning. */
export function incompletePartitions(report: TopicReadReport): string[] {
  return report.partitions
    .filter((p) => !p.complete)
    .map((p) => `partition ${p.partition}: read up to ${p.readUpTo ?? 'nothing'} of end offset ${p.endOffset} (the rest were transaction markers, or removed by retention)`);
}
