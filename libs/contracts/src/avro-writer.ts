/**
 * Encoding through a reused scratch buffer. avsc's `toBuffer` returns `Buffer.alloc(n)`: a
 * zero-filled, unpooled allocation per message that costs about as much as the encoding.
 * Copying into `Buffer.allocUnsafe(n)` instead uses Node's shared pool for small bodies.
 */
import { type Type } from 'avsc';

let scratch = Buffer.allocUnsafe(16 * 1024);

/** The raw Avro body of `value` (no wire-format header). Throws if the value does not fit the type. */
export function writeAvro(type: Type, value: unknown): Buffer {
  let end = type.encode(value, scratch, 0);
  if (end < 0) {
    // encode() returns minus the number of missing bytes when the value does not fit.
    scratch = Buffer.allocUnsafe(Math.max(scratch.length * 2, scratch.length - end));
    end = type.encode(value, scratch, 0);
  }
  const body = Buffer.allocUnsafe(end);
  scratch.copy(body, 0, 0, end);
  return body;
}
