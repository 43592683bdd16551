/**
 * The raw Avro schema files as one catalog of named types. Everything else in this library
 * (avsc types, validation, defaults, the standalone schemas registered in the schema registry)
 * is derived from it, so the `.avsc` files stay the single definition of the contract.
 */

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A schema as written in an `.avsc` file: a type name, a union, or a complex type. */
export type RawSchema = string | readonly RawSchema[] | RawComplexSchema;

export interface RawComplexSchema {
  readonly type: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly fields?: readonly RawField[];
  readonly symbols?: readonly string[];
  readonly items?: RawSchema;
  readonly values?: RawSchema;
  readonly logicalType?: string;
  readonly [attribute: string]: unknown;
}

export interface RawField {
  readonly name: string;
  readonly type: RawSchema;
  readonly doc?: string;
  readonly default?: JsonValue;
  readonly [attribute: string]: unknown;
}

/** A record, enum or fixed definition with the namespace its body is resolved in. */
export interface NamedDefinition {
  readonly fullName: string;
  readonly namespace: string | undefined;
  readonly schema: RawComplexSchema;
}

export const PRIMITIVES: ReadonlySet<string> = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NAMED_KINDS: ReadonlySet<string> = new Set(['record', 'error', 'enum', 'fixed']);

/** Avro name resolution: a dotted name is already full, a simple one joins the namespace. */
export function qualify(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

export function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

function namespaceOf(fullName: string): string | undefined {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? undefined : fullName.slice(0, dot);
}

export function isRecordSchema(schema: RawSchema): schema is RawComplexSchema & { readonly name: string; readonly fields: readonly RawField[] } {
  return typeof schema === 'object' && !Array.isArray(schema) && (schema as RawComplexSchema).type === 'record';
}

export class SchemaCatalog {
  private readonly definitions = new Map<string, NamedDefinition>();
  private readonly standaloneCache = new Map<string, string>();

  /** @param sources file name -> parsed JSON (one schema, or an array of schemas as in common.avsc) */
  constructor(sources: Readonly<Record<string, unknown>>) {
    for (const [file, source] of Object.entries(sources)) {
      for (const schema of Array.isArray(source) ? source : [source]) this.index(schema as RawSchema, undefined, file);
    }
  }

  /** Full names of every named type, in file order. */
  get fullNames(): readonly string[] {
    return [...this.definitions.keys()];
  }

  has(fullName: string): boolean {
    return this.definitions.has(fullName);
  }

  /** The definition a reference names, resolved in the namespace where the reference appears. */
  definition(reference: string, namespace?: string): NamedDefinition {
    const found = this.definitions.get(qualify(reference, namespace)) ?? this.definitions.get(reference);
    if (!found) throw new Error(`undefined Avro type name: ${reference}`);
    return found;
  }

  /**
   * The self-contained schema of a named type: every referenced named type is inlined at its
   * first use (depth first, document order) and referenced by full name afterwards, exactly
   * as Avro requires for a schema parsed on its own (the schema registry has no common.avsc).
   * Docs, defaults, logical types and `callfold.*` attributes are kept: the registered schema
   * is the contract, not just its binary shape. The output is compact JSON in source key
   * order, so the same files always give the same string.
   */
  standalone(fullName: string): string {
    let text = this.standaloneCache.get(fullName);
    if (text === undefined) {
      const definition = this.definition(fullName);
      text = JSON.stringify(this.inlineNamed(definition, new Set(), undefined));
      this.standaloneCache.set(fullName, text);
    }
    return text;
  }

  private index(schema: RawSchema, namespace: string | undefined, file: string): void {
    if (typeof schema === 'string') return;
    if (Array.isArray(schema)) {
      for (const branch of schema as readonly RawSchema[]) this.index(branch, namespace, file);
      return;
    }
    const complex = schema as RawComplexSchema;
    if (NAMED_KINDS.has(complex.type)) {
      if (typeof complex.name !== 'string') throw new Error(`${file}: named type without a name: ${JSON.stringify(complex).slice(0, 120)}`);
      const fullName = qualify(complex.name, complex.namespace ?? namespace);
      if (this.definitions.has(fullName)) throw new Error(`${file}: duplicate Avro type name ${fullName}`);
      const inner = namespaceOf(fullName);
      this.definitions.set(fullName, { fullName, namespace: inner, schema: complex });
      for (const field of complex.fields ?? []) this.index(field.type, inner, file);
      return;
    }
    if (complex.items !== undefined) this.index(complex.items, namespace, file);
    if (complex.values !== undefined) this.index(complex.values, namespace, file);
  }

  private inline(schema: RawSchema, namespace: string | undefined, emitted: Set<string>): JsonValue {
    if (typeof schema === 'string') {
      if (PRIMITIVES.has(schema)) return schema;
      const definition = this.definition(schema, namespace);
      return emitted.has(definition.fullName) ? definition.fullName : this.inlineNamed(definition, emitted, namespace);
    }
    if (Array.isArray(schema)) return (schema as readonly RawSchema[]).map((branch) => this.inline(branch, namespace, emitted));
    const complex = schema as RawComplexSchema;
    if (NAMED_KINDS.has(complex.type)) {
      const definition = this.definition(complex.name ?? '', complex.namespace ?? namespace);
      return emitted.has(definition.fullName) ? definition.fullName : this.inlineNamed(definition, emitted, namespace);
    }
    const out: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(complex)) {
      out[key] = key === 'items' || key === 'values' ? this.inline(value as RawSchema, namespace, emitted) : (value as JsonValue);
    }
    return out;
  }

  private inlineNamed(definition: NamedDefinition, emitted: Set<string>, context: string | undefined): JsonValue {
    emitted.add(definition.fullName);
    const { schema } = definition;
    // A definition moved out of its file must keep the namespace it inherited there.
    const pinNamespace = schema.namespace === undefined && !schema.name?.includes('.') && definition.namespace !== context;
    const out: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'fields') {
        out[key] = (value as readonly RawField[]).map((field) => this.inlineField(field, definition.namespace, emitted));
      } else {
        out[key] = value as JsonValue;
      }
      if (key === 'name' && pinNamespace) out['namespace'] = definition.namespace ?? '';
    }
    return out;
  }

  private inlineField(field: RawField, namespace: string | undefined, emitted: Set<string>): JsonValue {
    const out: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(field)) {
      out[key] = key === 'type' ? this.inline(value as RawSchema, namespace, emitted) : (value as JsonValue);
    }
    return out;
  }
}
