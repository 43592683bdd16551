import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
// The library's HTTP client (mappersmith, with its auth, retry and error middleware). Its
// public SchemaRegistry only hands out schemas already parsed by avsc, but we need the raw
// text and schemaType: to reject JSON/Protobuf ids ourselves and to build our own resolver.
import createRegistryApi from '@kafkajs/confluent-schema-registry/dist/api';
import { type RegistrySettings } from './kafka.config';
import { type RegistryClient, type RegistrySchema } from './schema-registry';

export interface ConfluentRegistryClientOptions {
  readonly clientId?: string;
  /** Retries of GET requests on 5xx (the library's defaults otherwise: 3 retries, up to 5 s). */
  readonly retries?: number;
}

interface SchemaByIdResponse {
  readonly schema: string;
  readonly schemaType?: string;
}

/**
 * Apicurio Registry detects the type of a posted schema by rewriting every `: "{}"` to `:{}`
 * before parsing it as Avro (AvroContentAccepter.removeQuotedBrackets, Apicurio 2.x and 3.x), so
 * a string default `"{}"` (FunctionExecuted.parametersJson) becomes an object, Avro rejects the
 * default, and registration fails with 42201 "Failed to discover artifact type from content".
 * Writing the brace as a JSON escape keeps the same JSON value and dodges the rewrite; the
 * Confluent registry stores the schema just as well.
 */
export function escapeEmptyObjectStrings(schema: string): string {
  return schema.replace(/:( *)"\{\}"/g, ':$1"\\u007b}"');
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : undefined;
}

/**
 * RegistryClient over @kafkajs/confluent-schema-registry, for any Confluent-compatible API:
 * Confluent Schema Registry, or Apicurio under `/apis/ccompat/v7`.
 */
export function createConfluentRegistryClient(settings: RegistrySettings, options: ConfluentRegistryClientOptions = {}): RegistryClient {
  const auth = settings.username ? { username: settings.username, password: settings.password ?? '' } : undefined;
  const args = {
    host: settings.url,
    auth,
    clientId: options.clientId ?? 'callfold',
    ...(options.retries === undefined ? {} : { retry: { retries: options.retries } }),
  };
  const registry = new SchemaRegistry(args);
  const api = createRegistryApi(args);

  return {
    async register(subject, schema) {
      try {
        // A new subject gets BACKWARD compatibility (set by the library after the first version).
        const { id } = await registry.register({ type: SchemaType.AVRO, schema: escapeEmptyObjectStrings(schema) }, { subject, compatibility: COMPATIBILITY.BACKWARD });
        return id;
      } catch (error) {
        // The library refuses, client-side, a subject whose configured level is not the one
        // asked for (e.g. an operator chose FULL). The registry enforces its own level anyway,
        // so register through the plain API and let the server judge compatibility.
        if (!(error instanceof Error) || error.name !== 'ConfluentSchemaRegistryCompatibilityError') throw error;
        const response = await api.Subject.register({ subject, body: { schema: escapeEmptyObjectStrings(schema) } });
        return (response.data() as { id: number }).id;
      }
    },
    async schemaById(id): Promise<RegistrySchema | undefined> {
      try {
        const response = await api.Schema.find({ id });
        const data = response.data() as SchemaByIdResponse;
        return { id, schemaType: data.schemaType ?? 'AVRO', schema: data.schema };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
  };
}
