import { frame, unframe } from './wire-format';

describe('Confluent wire format', () => {
  it('given a schema id and a body, when framed, then the bytes are magic 0, the big-endian id, then the body', () => {
    const framed = frame(258, Buffer.from([0xaa, 0xbb]));

    expect([...framed]).toEqual([0x00, 0x00, 0x00, 0x01, 0x02, 0xaa, 0xbb]);
  });

  it('given a framed message, when unframed, then the schema id and the body come back unchanged', () => {
    const body = Buffer.from('avro body');

    const result = unframe(frame(2_147_483_647, body));

    expect(result).toEqual({ ok: true, schemaId: 2_147_483_647, body });
  });

  it('given an empty body, when framed and unframed, then the body is empty', () => {
    expect(unframe(frame(7, Buffer.alloc(0)))).toEqual({ ok: true, schemaId: 7, body: Buffer.alloc(0) });
  });

  it('given fewer than five bytes, when unframed, then it fails as too short', () => {
    const result = unframe(Buffer.from([0, 0, 0, 1]));

    expect(result).toEqual({ ok: false, detail: 'message of 4 bytes is shorter than the 5-byte wire-format header' });
  });

  it('given a wrong magic byte, when unframed, then it fails naming the byte', () => {
    const result = unframe(Buffer.from('{"json":true}'));

    expect(result).toEqual({ ok: false, detail: 'wrong magic byte 0x7b, expected 0x00 (not the Confluent wire format)' });
  });

  it('given a negative schema id, when unframed, then it fails', () => {
    expect(unframe(Buffer.from([0, 0xff, 0xff, 0xff, 0xff, 1]))).toEqual({ ok: false, detail: 'negative schema id -1' });
  });

  it('given an id outside int32 or not an integer, when framed, then it throws', () => {
    expect(() => frame(-1, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => frame(2 ** 31, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => frame(1.5, Buffer.alloc(0))).toThrow(RangeError);
  });
});
