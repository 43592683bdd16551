/**
 * The Confluent wire format: magic byte 0, the schema id as a big-endian int32, then the Avro
 * body. https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format
 * Pure: no registry, no Avro; the body is returned as a view on the same memory (no copy).
 */
export const MAGIC_BYTE = 0;
export const HEADER_LENGTH = 5;
const MAX_SCHEMA_ID = 0x7fffffff;

export type Unframed =
  | { readonly ok: true; readonly schemaId: number; readonly body: Buffer }
  | { readonly ok: false; readonly detail: string };

export function frame(schemaId: number, body: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > MAX_SCHEMA_ID) {
    throw new RangeError(`schema id must be an int32 >= 0, got ${schemaId}`);
  }
  const out = Buffer.allocUnsafe(HEADER_LENGTH + body.length);
  out.writeUInt8(MAGIC_BYTE, 0);
  out.writeInt32BE(schemaId, 1);
  body.copy(out, HEADER_LENGTH);
  return out;
}

export function unframe(buffer: Buffer): Unframed {
  if (buffer.length < HEADER_LENGTH) {
    return { ok: false, detail: `message of ${buffer.length} bytes is shorter than the ${HEADER_LENGTH}-byte wire-format header` };
  }
  const magic = buffer.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    return { ok: false, detail: `wrong magic byte 0x${magic.toString(16).padStart(2, '0')}, expected 0x00 (not the Confluent wire format)` };
  }
  const schemaId = buffer.readInt32BE(1);
  if (schemaId < 0) return { ok: false, detail: `negative schema id ${schemaId}` };
  return { ok: true, schemaId, body: buffer.subarray(HEADER_LENGTH) };
}
