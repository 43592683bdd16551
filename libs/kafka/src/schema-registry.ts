import { type CallEvent, createCallEventReader } from '@callfold/contracts';
import { createSilentLogger, type Logger } from './logger';

/**
 * The schema registry as callfold uses it, with the caches the client library lacks
 * (/work/shared/FIELD-NOTES.md, "Traps in our libraries"):
 * - `@kafkajs/confluent-schema-registry` caches schemas it found but not ids it did not find,
 *   so a message with a bad id would cost one HTTP request per message: unknown ids are
 *   remembered here for `unknownSchemaTtlMs` (an id can appear later, e.g. after a restore);
 * - its `decode()` builds a reader/writer resolver per message: `readerFor(id)` builds one
 *   per writer schema id, once, with the contract's reader, and keeps it.
 * A schema id always names the same schema, so found schemas and readers never expire.
 * Transient failures (network, 5xx) are thrown and never cached.
 */
export interface RegistrySchema {
  readonly id: number;
  /** AVRO, JSON or PROTOBUF (Confluent omits the field for Avro). */
  readonly schemaType: string;
  readonly schema: string;
}

/** The registry HTTP API narrowed to what callfold needs; `confluent-registry.client.ts` implements it. */
export interface RegistryClient {
  register(subject: string, schema: string): Promise<number>;
  /** undefined when the registry does not know the id (HTTP 404); any other failure throws. */
  schemaById(id: number): Promise<RegistrySchema | undefined>;
}

export type WriterSchemaResult = { readonly ok: true; readonly schema: RegistrySchema } | { readonly ok: false; readonly detail: string };

export type ReaderResult<R> = { readonly ok: true; readonly schemaId: number; readonly reader: R } | { readonly ok: false; readonly schemaId: number; readonly detail: string };

export type CallEventReader = (body: Buffer) => CallEvent;

export interface SchemaRegistry<R = CallEventReader> {
  /** Registers (or finds) the Avro schema under the subject; returns its id. Cached per subject and text. */
  register(subject: string, schema: string): Promise<number>;
  writerSchema(id: number): Promise<WriterSchemaResult>;
  /** A reader for bodies written with schema `id`, or why there is none. */
  readerFor(id: number): Promise<ReaderResult<R>>;
}

export interface SchemaRegistryOptions<R> {
  readonly client: RegistryClient;
  /** Builds the reader for one writer schema; throws if that schema cannot be read. */
  readonly buildReader: (writerSchema: string) => R;
  /** How long an unknown id is answered from memory; default one minute. */
  readonly unknownSchemaTtlMs?: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

type WriterEntry = { readonly found: RegistrySchema } | { readonly missing: string; readonly until: number };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createSchemaRegistry<R>(options: SchemaRegistryOptions<R>): SchemaRegistry<R> {
  const { client, buildReader } = options;
  const ttl = options.unknownSchemaTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const logger = (options.logger ?? createSilentLogger()).child('schema-registry');
  const writers = new Map<number, WriterEntry>();
  const readers = new Map<number, ReaderResult<R>>();
  const inFlight = new Map<number, Promise<WriterEntry>>();
  const registered = new Map<string, Promise<number>>();

  async function fetchWriter(id: number): Promise<WriterEntry> {
    const schema = await client.schemaById(id);
    const entry: WriterEntry = schema ? { found: schema } : { missing: `schema id ${id} is not in the registry`, until: now() + ttl };
    writers.set(id, entry);
    if (!schema) logger.warn('unknown schema id, remembered', { schemaId: id, ttlMs: ttl });
    return entry;
  }

  async function writerEntry(id: number): Promise<WriterEntry> {
    const cached = writers.get(id);
    if (cached && ('found' in cached || cached.until > now())) return cached;
    let pending = inFlight.get(id);
    if (!pending) {
      // One request per id however many messages ask at once.
      pending = fetchWriter(id).finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    return pending;
  }

  function makeReader(schema: RegistrySchema): ReaderResult<R> {
    if (schema.schemaType !== 'AVRO') return { ok: false, schemaId: schema.id, detail: `schema id ${schema.id} is a ${schema.schemaType} schema, not Avro` };
    try {
      return { ok: true, schemaId: schema.id, reader: buildReader(schema.schema) };
    } catch (error) {
      return { ok: false, schemaId: schema.id, detail: `schema id ${schema.id} cannot be read as this topic's contract: ${messageOf(error)}` };
    }
  }

  return {
    register(subject, schema) {
      const key = `${subject}\u0000${schema}`;
      let id = registered.get(key);
      if (!id) {
        id = client.register(subject, schema);
        registered.set(key, id);
        id.then(
          (schemaId) => logger.info('schema registered', { subject, schemaId }),
          () => registered.delete(key),
        );
      }
      return id;
    },
    async writerSchema(id) {
      const entry = await writerEntry(id);
      return 'found' in entry ? { ok: true, schema: entry.found } : { ok: false, detail: entry.missing };
    },
    async readerFor(id) {
      const known = readers.get(id);
      if (known) return known;
      const entry = await writerEntry(id);
      if (!('found' in entry)) return { ok: false, schemaId: id, detail: entry.missing };
      const result = readers.get(id) ?? makeReader(entry.found);
      readers.set(id, result);
      return result;
    },
  };
}

/** The registry reading CallEvents: readers are the contract's `createCallEventReader`. */
export function createCallEventRegistry(client: RegistryClient, options: Omit<SchemaRegistryOptions<CallEventReader>, 'client' | 'buildReader'> = {}): SchemaRegistry<CallEventReader> {
  return createSchemaRegistry({ ...options, client, buildReader: createCallEventReader });
}
