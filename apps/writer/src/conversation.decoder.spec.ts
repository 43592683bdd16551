import { createConversationReader, encodeConversation, standaloneSchema } from '@callfold/contracts';
import { frame, type ReaderResult } from '@callfold/kafka';
import { createConversationDecoder } from './conversation.decoder';
import { CONVERSATIONS, inbound, projection } from './testing/writer-items.fixture';

const SCHEMA_ID = 7;

function decoderWith(known: Record<number, string> = { [SCHEMA_ID]: standaloneSchema('Conversation') }) {
  const lookups: number[] = [];
  const decode = createConversationDecoder(async (id) => {
    lookups.push(id);
    const schema = known[id];
    return (schema === undefined ? { ok: false, schemaId: id, detail: `schema id ${id} is not in the registry` } : { ok: true, schemaId: id, reader: createConversationReader(schema) }) as ReaderResult<ReturnType<typeof createConversationReader>>;
  });
  return { decode, lookups };
}

const framed = (version: number, schemaId = SCHEMA_ID) => frame(schemaId, encodeConversation(projection('c-1', version)));

describe('conversation decoder', () => {
  it('given framed projections, when decoded, then each comes back whole, with one registry lookup per schema id', async () => {
    const { decode, lookups } = decoderWith();

    const items = await decode([inbound(CONVERSATIONS, 0, '1', framed(1)), inbound(CONVERSATIONS, 0, '2', framed(2))]);

    expect(items).toEqual([
      { kind: 'conversation', conversation: projection('c-1', 1) },
      { kind: 'conversation', conversation: projection('c-1', 2) },
    ]);
    expect(lookups).toEqual([SCHEMA_ID]);
  });

  it('given a null value, when decoded, then it is a tombstone (evicted from live state, not a deletion)', async () => {
    const { decode, lookups } = decoderWith();

    expect(await decode([inbound(CONVERSATIONS, 0, '1', null)])).toEqual([{ kind: 'tombstone' }]);
    expect(lookups).toEqual([]);
  });

  it('given bytes without the wire-format header, an unknown schema id, or a body that is not a Conversation, when decoded, then each is skipped with its reason', async () => {
    const { decode } = decoderWith();

    const items = await decode([
      inbound(CONVERSATIONS, 0, '1', Buffer.from('{"json":true}')),
      inbound(CONVERSATIONS, 0, '2', framed(1, 4242)),
      inbound(CONVERSATIONS, 0, '3', frame(SCHEMA_ID, Buffer.from([0xff, 0xff, 0xff]))),
    ]);

    expect(items).toEqual([
      { kind: 'skipped', reason: 'UNDECODABLE', detail: 'wrong magic byte 0x7b, expected 0x00 (not the Confluent wire format)' },
      { kind: 'skipped', reason: 'UNKNOWN_SCHEMA', detail: 'schema id 4242 is not in the registry' },
      { kind: 'skipped', reason: 'UNDECODABLE', detail: expect.stringMatching(/^Avro body of schema id 7 does not decode as a Conversation: /) },
    ]);
  });

  it('given a registry that is down, when decoded, then it throws so the batch is retried instead of skipped', async () => {
    const decode = createConversationDecoder(async () => {
      throw new Error('ECONNREFUSED');
    });

    await expect(decode([inbound(CONVERSATIONS, 0, '1', framed(1))])).rejects.toThrow('ECONNREFUSED');
  });
});
