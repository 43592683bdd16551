import { type Conversation, type Decoder } from '@callfold/contracts';
import { type InboundMessage, type ReaderResult, unframe } from '@callfold/kafka';
import { skipped, tombstone, type WriterItem } from './writer-item';

/** The registry as this decoder sees it: a Conversation reader per writer schema id. */
export type ConversationReaderLookup = (schemaId: number) => Promise<ReaderResult<Decoder<Conversation>>>;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Messages of the conversations topic -> projections. A null value is a tombstone (the projector
 * evicted the conversation from its live state; the stored rows stay). Framing, schema and body
 * failures become skipped items with their reason; only a transient registry failure throws, so
 * the batch is retried. One registry lookup per distinct schema id of the batch.
 */
export function createConversationDecoder(readerFor: ConversationReaderLookup) {
  return async function decodeConversations(messages: readonly InboundMessage[]): Promise<WriterItem[]> {
    const framed = messages.map((m) => (m.value === null ? null : unframe(m.value)));
    const ids = new Set<number>();
    for (const f of framed) if (f?.ok) ids.add(f.schemaId);
    const readers = new Map<number, ReaderResult<Decoder<Conversation>>>();
    await Promise.all([...ids].map(async (id) => readers.set(id, await readerFor(id))));
    return framed.map((f) => {
      if (f === null) return tombstone;
      if (!f.ok) return skipped('UNDECODABLE', f.detail);
      const lookup = readers.get(f.schemaId) as ReaderResult<Decoder<Conversation>>;
      if (!lookup.ok) return skipped('UNKNOWN_SCHEMA', lookup.detail);
      try {
        return { kind: 'conversation', conversation: lookup.reader(f.body) };
      } catch (error) {
        return skipped('UNDECODABLE', `Avro body of schema id ${f.schemaId} does not decode as a Conversation: ${messageOf(error)}`);
      }
    });
  };
}
