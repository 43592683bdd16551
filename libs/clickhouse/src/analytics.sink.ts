import { type CallEvent, type Conversation } from '@callfold/contracts';
import { type ThresholdPolicy, toDialogueRow } from '@callfold/domain';
import { type ClickHouseBackend } from './clickhouse.port';
import { callEventRow, type KafkaCoordinates } from './rows/call-event.rows';
import { toDateTime64 } from './rows/clickhouse-time';
import { conversationRow } from './rows/conversation.rows';
import { dialogueTableRow } from './rows/dialogue.rows';

export interface AnalyticsSinkOptions {
  readonly backend: ClickHouseBackend;
  readonly database: string;
  readonly thresholds: ThresholdPolicy;
  /** `ON CLUSTER` target for erasure deletes on a cluster. */
  readonly cluster?: string;
}

export interface LocatedEvent {
  readonly event: CallEvent;
  readonly at: KafkaCoordinates;
}

/** Tables an erasure removes a conversation from. */
export const ERASABLE_TABLES = ['call_events', 'conversations', 'dialogues'] as const;

/**
 * Writes callfold's analytic tables. Every write throws on failure (nothing is swallowed), and
 * every write is idempotent: `token` must identify the input exactly (topic, partition, offset
 * range), so a retried batch is skipped by ClickHouse's insert deduplication, and a replay with
 * other batch boundaries is collapsed by the ReplacingMergeTree keys.
 */
export function createAnalyticsSink(options: AnalyticsSinkOptions) {
  const { backend, database, thresholds } = options;
  const onCluster = options.cluster ? ` ON CLUSTER '${options.cluster}'` : '';

  /**
   * One insert as JSONCompactEachRow: the rows' keys (the same, in the same order, for every row
   * of one builder) name the columns once, and each row goes as its array of values.
   */
  const insertRows = async (table: string, rows: readonly object[], token: string): Promise<void> => {
    const first = rows[0];
    if (first === undefined) return;
    await backend.insert(`${database}.${table}`, rows.map(Object.values), { columns: Object.keys(first), deduplicationToken: token });
  };

  return {
    async writeEvents(events: readonly LocatedEvent[], token: string): Promise<number> {
      const rows = events.map((e) => callEventRow(e.event, e.at));
      await insertRows('call_events', rows, `${token}:events`);
      return rows.length;
    },

    /**
     * Latest projections: rows for live ones, and for erased ones the erasure (record, then delete).
     * Only the highest version of each conversation among `conversations` becomes a row.
     */
    async writeConversations(conversations: readonly Conversation[], token: string): Promise<ConversationsWritten> {
      const latest = latestPerConversation(conversations);
      const erased = latest.filter((c) => c.erased);
      const live = latest.filter((c) => !c.erased);
      const dialogues = live.flatMap((c) => {
        const row = toDialogueRow(c, thresholds);
        return row === null ? [] : [dialogueTableRow(row)];
      });
      // The analytic row first: `dialogues` is what analysts query, `conversations` mirrors the
      // state. The conversations rows are built while ClickHouse parses the dialogues insert
      // (chdb and a server both work off this thread), and sent once it was acknowledged: one
      // insert at a time, so a failure still leaves a prefix of this write, which a retry with
      // the same tokens completes.
      const dialoguesWritten = insertRows('dialogues', dialogues, `${token}:dialogues`);
      let conversationRows: object[];
      try {
        conversationRows = live.map(conversationRow);
      } finally {
        // Never leave the dialogues insert unobserved, even when building a row threw.
        await dialoguesWritten;
      }
      await insertRows('conversations', conversationRows, `${token}:conversations`);
      if (erased.length > 0) await this.erase(erased);
      return { written: live.length, erased: erased.length, erasedIds: erased.map((c) => c.conversationId) };
    },

    /** Records the erasures, then deletes every row of those conversations. Safe to repeat. */
    async erase(conversations: readonly Pick<Conversation, 'conversationId' | 'erasedAt' | 'version' | 'updatedAt'>[]): Promise<void> {
      await backend.insert(
        `${database}.erasures`,
        conversations.map((c) => ({ conversation_id: c.conversationId, erased_at: toDateTime64(c.erasedAt ?? c.updatedAt ?? 0), version: c.version })),
      );
      const ids = conversations.map((c) => c.conversationId);
      for (const table of ERASABLE_TABLES) {
        await backend.command(`DELETE FROM ${database}.${table}${onCluster} WHERE conversation_id IN {ids:Array(String)}`, { params: { ids } });
      }
    },
  };
}

export type AnalyticsSink = ReturnType<typeof createAnalyticsSink>;

export interface ConversationsWritten {
  /** Live conversations written (one row each, the highest version given). */
  readonly written: number;
  /** Erasures recorded and applied. */
  readonly erased: number;
  /** The conversations erased, once recorded (the writer's erasure filter learns them). */
  readonly erasedIds: readonly string[];
}

/**
 * Within one write only the highest version of each conversation matters (the older ones would
 * be collapsed by the ReplacingMergeTree anyway): no row is built, sent or parsed for them.
 * On equal versions the later one wins, as ReplacingMergeTree keeps the last inserted.
 */
function latestPerConversation(conversations: readonly Conversation[]): Conversation[] {
  const latest = new Map<string, Conversation>();
  for (const c of conversations) {
    const seen = latest.get(c.conversationId);
    if (seen === undefined || c.version >= seen.version) latest.set(c.conversationId, c);
  }
  return [...latest.values()];
}
