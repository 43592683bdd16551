/**
 * The avsc types of the contract, built once at module load: `Type.forSchema` costs about
 * 200 decodes, so nothing on a message path may build a type (see /work/shared/FIELD-NOTES.md).
 */
import { Type, types, type ForSchemaOptions, type Schema } from 'avsc';
import { schemaSources } from './generated/v1';
import { SchemaCatalog, shortName } from './schema-catalog';

export const CONTRACT_NAMESPACE = 'callfold.v1';

/** The top-level records of the contract: one per topic. */
export type ContractSchemaName = 'CallEvent' | 'Conversation' | 'DeadLetter';

/** The committed schema files as a catalog of named types. */
export const contractCatalog = new SchemaCatalog(schemaSources as unknown as Readonly<Record<string, unknown>>);

function isNullBranch(branch: unknown): boolean {
  return branch === 'null' || (typeof branch === 'object' && branch !== null && (branch as { type?: unknown }).type === 'null');
}

/** `["null", X]` in either order: the only union shape generated TS types spell as `X | null`. */
export function isNullableUnion(schema: readonly unknown[]): boolean {
  return schema.length === 2 && schema.filter(isNullBranch).length === 1;
}

/**
 * Our explicit union rule, applied to every union avsc builds (reader and writer schemas):
 * `["null", X]` decodes to a plain `X | null`, every other union (the CallEvent payload) is
 * wrapped as `{ "callfold.v1.Queued": {...} }` so the branch name, which is the event type,
 * survives decoding. avsc's default `wrapUnions: 'auto'` gives the same result today, but
 * only because 38 records happen to be "ambiguous"; a future `["null", "int", "long"]` would
 * silently flip shape under 'auto' while the generated types stayed the same.
 */
export function unionTypeHook(schema: Schema, options: ForSchemaOptions): Type | undefined {
  if (!Array.isArray(schema)) return undefined;
  return isNullableUnion(schema) ? new types.UnwrappedUnionType(schema, options) : new types.WrappedUnionType(schema, options);
}

function forSchema(schema: unknown, registry: Record<string, Type>): Type {
  // omitRecordMethods: decoded records carry data only, no clone/toBuffer methods on them.
  return Type.forSchema(schema as Schema, { registry, typeHook: unionTypeHook, omitRecordMethods: true });
}

function buildContractTypes(): Readonly<Record<ContractSchemaName, Type>> {
  const registry: Record<string, Type> = {};
  for (const schema of schemaSources['common.avsc']) forSchema(schema, registry);
  return {
    CallEvent: forSchema(schemaSources['call-event.avsc'], registry),
    Conversation: forSchema(schemaSources['conversation.avsc'], registry),
    DeadLetter: forSchema(schemaSources['dead-letter.avsc'], registry),
  };
}

const contractTypes = buildContractTypes();

export const callEventType: Type = contractTypes.CallEvent;
export const conversationType: Type = contractTypes.Conversation;
export const deadLetterType: Type = contractTypes.DeadLetter;

export function contractType(name: ContractSchemaName): Type {
  return contractTypes[name];
}

/** The payload union of CallEvent: one wrapped branch per event type, in schema order. */
export const callEventPayloadType: types.WrappedUnionType = (() => {
  const payload = (callEventType as types.RecordType).field('payload').type;
  if (!(payload instanceof types.WrappedUnionType)) throw new Error('CallEvent.payload must be a wrapped union');
  return payload;
})();

/** Short names of the payload branches (the event types), in schema order. */
export const payloadBranchNames: readonly string[] = callEventPayloadType.types.map((t) => shortName(t.name ?? ''));

/**
 * The self-contained JSON schema of a contract record, as registered in the schema registry
 * (TopicNameStrategy subject `<topic>-value`). Built from the raw files, not from avsc's
 * `type.schema()`: avsc drops `logicalType` annotations it has no implementation for
 * (`timestamp-millis` here) and every custom attribute, so its output would publish a poorer
 * contract than the one committed. Both parse to the same Avro Parsing Canonical Form (tested).
 */
export function standaloneSchema(name: ContractSchemaName): string {
  return contractCatalog.standalone(`${CONTRACT_NAMESPACE}.${name}`);
}

/**
 * Avro Parsing Canonical Form as avsc produces it (full names, only the attributes that shape
 * the binary encoding, fixed key order): equal strings mean byte-compatible schemas.
 */
export function canonicalForm(type: Type): string {
  return JSON.stringify(type.schema());
}

/** Parses a standalone schema (e.g. a writer schema fetched from the registry) with the contract's union rule. */
export function parseStandaloneSchema(schema: string | object): Type {
  return forSchema(typeof schema === 'string' ? (JSON.parse(schema) as unknown) : schema, {});
}
