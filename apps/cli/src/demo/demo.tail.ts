import { decodeDeadLetter } from '@callfold/contracts';
import { type ConsumerEngine, type KafkaClient, unframe } from '@callfold/kafka';

const noEvents = { onGroupJoin: () => undefined, onRebalancing: () => undefined, onCrash: () => undefined };

/**
 * Follows the dead-letter and conversations topics while the demo runs (read_committed, own
 * throwaway groups that never commit), for the progress line:
 * - dead letters written since the demo started, by reason;
 * - conversations of this run the writer has written: a conversation counts once the writer's
 *   committed offset on the conversations topic passed its first projection.
 */
export class DemoTail {
  private readonly engines: ConsumerEngine[] = [];
  private readonly deadLetters: Record<string, number> = {};
  /** Per conversations partition: this run's conversations by the offset of their first projection. */
  private readonly firstProjection = new Map<number, Map<string, bigint>>();

  constructor(
    private readonly client: KafkaClient,
    private readonly topics: { readonly conversations: string; readonly deadLetters: string },
    private readonly conversationIdPrefix: string,
    private readonly deadLetterStart: ReadonlyMap<number, bigint>,
  ) {}

  async start(groupPrefix: string): Promise<void> {
    const dlq = this.client.consumer({ groupId: `${groupPrefix}.dlq`, topics: [this.topics.deadLetters], fromBeginning: true, maxWaitTimeMs: 500 });
    await dlq.start(async (batch, control) => {
      for (const m of batch.messages) {
        if (BigInt(m.offset) < (this.deadLetterStart.get(m.partition) ?? 0n) || m.value === null) continue;
        const framed = unframe(m.value);
        const reason = framed.ok ? safeReason(framed.body) : 'unreadable';
        this.deadLetters[reason] = (this.deadLetters[reason] ?? 0) + 1;
      }
      control.markConsumed(batch.lastOffset);
    }, noEvents);
    this.engines.push(dlq);
    const conversations = this.client.consumer({ groupId: `${groupPrefix}.conversations`, topics: [this.topics.conversations], fromBeginning: true, maxWaitTimeMs: 500 });
    await conversations.start(async (batch, control) => {
      let seen = this.firstProjection.get(batch.partition);
      if (!seen) this.firstProjection.set(batch.partition, (seen = new Map()));
      for (const m of batch.messages) {
        const key = m.key?.toString('utf8') ?? '';
        if (key.startsWith(this.conversationIdPrefix) && !seen.has(key)) seen.set(key, BigInt(m.offset));
      }
      control.markConsumed(batch.lastOffset);
    }, noEvents);
    this.engines.push(conversations);
  }

  deadLettered(): { total: number; byReason: Record<string, number> } {
    return { total: Object.values(this.deadLetters).reduce((a, b) => a + b, 0), byReason: { ...this.deadLetters } };
  }

  /** Conversations of this run projected, and those among them the writer has committed. */
  conversations(writerCommitted: ReadonlyMap<number, bigint>): { projected: number; written: number } {
    let projected = 0;
    let written = 0;
    for (const [partition, seen] of this.firstProjection) {
      const committed = writerCommitted.get(partition) ?? -1n;
      for (const offset of seen.values()) {
        projected += 1;
        if (offset < committed) written += 1;
      }
    }
    return { projected, written };
  }

  async stop(): Promise<void> {
    await Promise.all(this.engines.map((e) => e.stop().catch(() => undefined)));
  }
}

function safeReason(body: Buffer): string {
  try {
    return decodeDeadLetter(body).reason;
  } catch {
    return 'unreadable';
  }
}
