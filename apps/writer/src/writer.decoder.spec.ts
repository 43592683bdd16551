import { type DecodedCallEvent } from '@callfold/kafka';
import { event, EVENTS, CONVERSATIONS, inbound, TOPICS } from './testing/writer-items.fixture';
import { createWriterDecoder, fromDecodedEvent } from './writer.decoder';

describe('writer decoder', () => {
  const accepted: DecodedCallEvent = { ok: true, event: event('e-1'), schemaId: 1 };
  const rejected: DecodedCallEvent = { ok: false, reason: 'KEY_MISMATCH', detail: 'key "x" differs from conversationId "conv-1"', schemaId: 1, eventId: 'e-2', conversationId: 'conv-1' };

  function decoder() {
    const seen: string[] = [];
    const decode = createWriterDecoder({
      topics: TOPICS,
      callEvents: { decodeBatch: async (messages) => (seen.push(`events x${messages.length}`), [accepted, rejected]) },
      conversations: async (messages) => (seen.push(`conversations x${messages.length}`), messages.map(() => ({ kind: 'tombstone' }) as const)),
    });
    return { decode, seen };
  }

  it('given a call-events batch, when decoded, then the call-event decoder checks it and rejects become skipped items with the same reason', async () => {
    const { decode, seen } = decoder();

    const items = await decode([inbound(EVENTS, 0, '1'), inbound(EVENTS, 0, '2')]);

    expect(seen).toEqual(['events x2']);
    expect(items).toEqual([
      { kind: 'event', event: event('e-1') },
      { kind: 'skipped', reason: 'KEY_MISMATCH', detail: 'key "x" differs from conversationId "conv-1"' },
    ]);
  });

  it('given a conversations batch, when decoded, then the conversation decoder gets it', async () => {
    const { decode, seen } = decoder();

    expect(await decode([inbound(CONVERSATIONS, 1, '9', null)])).toEqual([{ kind: 'tombstone' }]);
    expect(seen).toEqual(['conversations x1']);
  });

  it('given a batch of another topic, when decoded, then every message is skipped as OTHER', async () => {
    const { decode } = decoder();

    expect(await decode([inbound('elsewhere', 0, '1')])).toEqual([{ kind: 'skipped', reason: 'OTHER', detail: 'topic elsewhere is not one the writer reads' }]);
  });

  it('given an accepted decode, when mapped, then only the event is kept', () => {
    expect(fromDecodedEvent(accepted)).toEqual({ kind: 'event', event: event('e-1') });
  });
});
