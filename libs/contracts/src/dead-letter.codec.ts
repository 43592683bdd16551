/** DeadLetter <-> raw Avro body (no wire-format header). */
import { deadLetterType } from './avro-types';
import { readAvro, WriterSchemaResolvers, type Decoder } from './avro-reader';
import { writeAvro } from './avro-writer';
import { type DeadLetter } from './generated/v1';

export function encodeDeadLetter(deadLetter: DeadLetter): Buffer {
  return writeAvro(deadLetterType, deadLetter);
}

/** Throws UndecodableError. */
export function decodeDeadLetter(buffer: Buffer): DeadLetter {
  return readAvro(deadLetterType, buffer) as DeadLetter;
}

const writerResolvers = new WriterSchemaResolvers(deadLetterType);

/** A decoder for bodies written with an older DeadLetter schema; see createCallEventReader. */
export function createDeadLetterReader(writerSchema: string): Decoder<DeadLetter> {
  return writerResolvers.decoder(writerSchema) as Decoder<DeadLetter>;
}
