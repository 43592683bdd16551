import { parseStandaloneSchema, standaloneSchema } from '@callfold/contracts';
import { createCallEventDecoder, splitDecoded } from './call-event.decoder';
import { CALL_EVENT_SCHEMA_ID, fakeReaderLookup, framedEvent, message, queued } from './testing/call-events.fixture';
import { frame } from './wire-format';

describe('call-event decoder', () => {
  const decoderWith = (schemas?: Record<number, string>) => {
    const fake = fakeReaderLookup(schemas);
    return { decoder: createCallEventDecoder(fake.lookup), calls: fake.calls };
  };

  it('given a framed, valid event keyed by its conversation, when decoded, then the event comes back with its schema id', async () => {
    const { decoder } = decoderWith();

    const result = await decoder.decode(message(framedEvent(queued())));

    expect(result).toEqual({ ok: true, event: queued(), schemaId: CALL_EVENT_SCHEMA_ID });
  });

  it('given garbage bytes, when decoded, then it is UNDECODABLE for the wrong magic byte', async () => {
    const { decoder } = decoderWith();

    const result = await decoder.decode(message(Buffer.from('not avro at all')));

    expect(result).toEqual({
      ok: false,
      reason: 'UNDECODABLE',
      detail: 'wrong magic byte 0x6e, expected 0x00 (not the Confluent wire format)',
      schemaId: null,
      eventId: null,
      conversationId: null,
    });
  });

  it('given a value shorter than the header or no value at all, when decoded, then it is UNDECODABLE', async () => {
    const { decoder } = decoderWith();

    const [short, tombstone] = await decoder.decodeBatch([message(Buffer.from([0, 0])), message(null)]);

    expect(short).toMatchObject({ ok: false, reason: 'UNDECODABLE', detail: 'message of 2 bytes is shorter than the 5-byte wire-format header' });
    expect(tombstone).toMatchObject({ ok: false, reason: 'UNDECODABLE', detail: 'message has no value (a tombstone)' });
  });

  it('given a schema id the registry does not know, when decoded, then it is UNKNOWN_SCHEMA naming the id', async () => {
    const { decoder } = decoderWith();

    const result = await decoder.decode(message(framedEvent(queued(), 99_999)));

    expect(result).toEqual({ ok: false, reason: 'UNKNOWN_SCHEMA', detail: 'schema id 99999 is not in the registry', schemaId: 99_999, eventId: null, conversationId: null });
  });

  it('given a valid body followed by a trailing byte, when decoded, then it is UNDECODABLE (trailing data)', async () => {
    const { decoder } = decoderWith();
    const withTrailer = Buffer.concat([framedEvent(queued()), Buffer.from([0x01])]);

    const result = await decoder.decode(message(withTrailer));

    expect(result).toMatchObject({ ok: false, reason: 'UNDECODABLE', schemaId: CALL_EVENT_SCHEMA_ID });
    expect(result.ok ? '' : result.detail).toMatch(/^Avro body of schema id 1 does not decode: .*trailing/);
  });

  it('given a truncated body, when decoded, then it is UNDECODABLE', async () => {
    const { decoder } = decoderWith();
    const full = framedEvent(queued());

    const result = await decoder.decode(message(full.subarray(0, full.length - 3)));

    expect(result).toMatchObject({ ok: false, reason: 'UNDECODABLE', schemaId: CALL_EVENT_SCHEMA_ID });
  });

  it('given an out-of-range priority, when decoded, then it is INVALID_EVENT with the ids learned from the body', async () => {
    const { decoder } = decoderWith();

    const result = await decoder.decode(message(framedEvent(queued({}, 9))));

    expect(result).toEqual({
      ok: false,
      reason: 'INVALID_EVENT',
      detail: expect.stringMatching(/^payload\.priority: .*9.*1\.\.8/),
      schemaId: CALL_EVENT_SCHEMA_ID,
      eventId: 'evt-1',
      conversationId: 'conv-1',
    });
  });

  it('given no key or an empty key, when decoded, then it is MISSING_KEY', async () => {
    const { decoder } = decoderWith();

    const results = await decoder.decodeBatch([message(framedEvent(queued()), null), message(framedEvent(queued()), '')]);

    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['MISSING_KEY', 'MISSING_KEY']);
    expect(results[0]).toMatchObject({ eventId: 'evt-1', conversationId: 'conv-1', schemaId: 1 });
  });

  it('given a key other than the conversation id, when decoded, then it is KEY_MISMATCH naming both', async () => {
    const { decoder } = decoderWith();

    const result = await decoder.decode(message(framedEvent(queued()), 'conv-2'));

    expect(result).toMatchObject({ ok: false, reason: 'KEY_MISMATCH', detail: 'key "conv-2" differs from conversationId "conv-1": the event would be folded on the wrong partition' });
  });

  it('given a body written with an older schema lacking `sequence`, when decoded, then the default fills it', async () => {
    const current = JSON.parse(standaloneSchema('CallEvent')) as { fields: { name: string }[] };
    const older = JSON.stringify({ ...current, fields: current.fields.filter((f) => f.name !== 'sequence') });
    const { decoder } = decoderWith({ 7: older });
    const { sequence: _sequence, type: _type, payload, ...envelope } = queued();
    const body = parseStandaloneSchema(older).toBuffer({ ...envelope, payload: { 'callfold.v1.Queued': payload } });

    const result = await decoder.decode(message(frame(7, body)));

    expect(result).toEqual({ ok: true, event: queued({ sequence: null }), schemaId: 7 });
  });

  it('given a batch with two schema ids over many messages, when decoded, then the registry is asked once per id, results in order', async () => {
    const { decoder, calls } = decoderWith();
    const batch = [1, 2, 3].flatMap((i) => [message(framedEvent(queued({ eventId: `e${i}` })), 'conv-1', `${i}`), message(framedEvent(queued(), 99_999))]);

    const results = await decoder.decodeBatch(batch);

    expect([...calls].sort()).toEqual([1, 99_999]);
    expect(results.map((r) => (r.ok ? r.event.eventId : r.reason))).toEqual(['e1', 'UNKNOWN_SCHEMA', 'e2', 'UNKNOWN_SCHEMA', 'e3', 'UNKNOWN_SCHEMA']);
  });

  it('given a registry that is down, when a batch is decoded, then it throws instead of dead-lettering', async () => {
    const decoder = createCallEventDecoder(() => Promise.reject(new Error('ECONNREFUSED')));

    await expect(decoder.decodeBatch([message(framedEvent(queued()))])).rejects.toThrow('ECONNREFUSED');
  });

  it('given decoded items, when split, then accepted and rejected keep their order', async () => {
    const { decoder } = decoderWith();
    const messages = [message(framedEvent(queued({ eventId: 'a' }))), message(Buffer.from('x')), message(framedEvent(queued({ eventId: 'b' })))];
    const decoded = await decoder.decodeBatch(messages);

    const { accepted, rejected } = splitDecoded(messages.map((m, i) => ({ message: m, decoded: decoded[i]! })));

    expect(accepted.map((a) => a.decoded.ok && a.decoded.event.eventId)).toEqual(['a', 'b']);
    expect(rejected.map((r) => r.decoded.reason)).toEqual(['UNDECODABLE']);
  });
});
