/**
 * Reading Avro bodies written with another (older) version of a contract schema. Messages carry
 * the registry id of their writer schema; the reader must resolve that schema into the current
 * one. Building a resolver is as costly as parsing a schema, so each writer schema gets one
 * resolver, cached: the trap of `@kafkajs/confluent-schema-registry`'s `decode(buf, {readerSchema})`,
 * which rebuilds it per message (see /work/shared/FIELD-NOTES.md).
 */
import { type Resolver, type Type } from 'avsc';
import { resolutionFailure } from './avro-resolution';
import { canonicalForm, parseStandaloneSchema } from './avro-types';

/** The bytes are not an Avro body of the expected schema (truncated, trailing data, bad index). */
export class UndecodableError extends Error {
  override readonly name = 'UndecodableError';
}

/** The writer schema does not parse, or the current reader schema cannot read its data. */
export class IncompatibleWriterSchemaError extends Error {
  override readonly name = 'IncompatibleWriterSchemaError';
}

export type Decoder<T> = (buffer: Buffer) => T;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decodes one raw Avro body (no wire-format header), with an optional resolver. */
export function readAvro(type: Type, buffer: Buffer, resolver?: Resolver): unknown {
  try {
    return type.fromBuffer(buffer, resolver);
  } catch (error) {
    throw new UndecodableError(`not a ${type.name ?? 'valid'} Avro body: ${messageOf(error)}`, { cause: error });
  }
}

/** `null`: the writer schema has the reader's canonical form, so no resolution is needed. */
type CacheEntry = Resolver | null | IncompatibleWriterSchemaError;

/**
 * One resolver per writer schema text, kept for the life of the process. The number of
 * schema versions a topic has is small; the cap only bounds memory if a producer misbehaves.
 * Failures are cached too, so a bad schema is not re-parsed on every message.
 */
export class WriterSchemaResolvers {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly readerCanonicalForm: string;

  constructor(
    private readonly readerType: Type,
    private readonly capacity = 256,
  ) {
    this.readerCanonicalForm = canonicalForm(readerType);
  }

  /** The resolver for data written with `writerSchema` (standalone JSON), or null if none is needed. */
  resolverFor(writerSchema: string): Resolver | null {
    let entry = this.entries.get(writerSchema);
    if (entry === undefined) {
      entry = this.build(writerSchema);
      if (this.entries.size >= this.capacity) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(writerSchema, entry);
    }
    if (entry instanceof IncompatibleWriterSchemaError) throw entry;
    return entry;
  }

  /** A decoder for bodies written with `writerSchema`, into the reader's current shape. */
  decoder(writerSchema: string): Decoder<unknown> {
    const resolver = this.resolverFor(writerSchema) ?? undefined;
    const type = this.readerType;
    return (buffer) => readAvro(type, buffer, resolver);
  }

  private build(writerSchema: string): CacheEntry {
    const name = this.readerType.name ?? 'the reader schema';
    let writer: Type;
    try {
      writer = parseStandaloneSchema(writerSchema);
    } catch (error) {
      return new IncompatibleWriterSchemaError(`writer schema for ${name} does not parse: ${messageOf(error)}`, { cause: error });
    }
    if (canonicalForm(writer) === this.readerCanonicalForm) return null;
    try {
      return this.readerType.createResolver(writer);
    } catch (error) {
      const reason = resolutionFailure(this.readerType, writer) ?? messageOf(error);
      return new IncompatibleWriterSchemaError(`${name} cannot read data written with this writer schema: ${reason}`, { cause: error });
    }
  }
}
