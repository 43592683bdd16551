/**
 * Compiles the raw schema files into validators: the Avro structure (types, required fields,
 * enum symbols, no undeclared fields) plus the `callfold.*` attributes, with one message per
 * problem and its path. Validation also normalizes: omitted fields that have an Avro default
 * get it, so a valid result is a complete value the codec can encode.
 */
import { PRIMITIVES, shortName, type JsonValue, type RawComplexSchema, type RawField, type RawSchema, type SchemaCatalog } from './schema-catalog';
import { compileAttributes, type AttributeCheck } from './validation-attributes';
import { report, under, type CheckContext } from './pending-issues';
import { show } from './validation-issue';

/** Checks one value, reporting issues relative to it; returns the normalized value. */
export type ValueCheck = (value: unknown, context: CheckContext) => unknown;

interface Node {
  readonly check: ValueCheck;
  /** For messages: "a string", "null or an int", "one of INBOUND, OUTBOUND". */
  readonly expected: string;
  /** Avro type name of the (non-null) value, for attribute applicability. */
  readonly kind: string;
}

interface CompiledField {
  readonly name: string;
  readonly check: ValueCheck;
  readonly hasDefault: boolean;
  readonly defaultValue: JsonValue | undefined;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function copyDefault(value: JsonValue | undefined): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
/**
 * avsc encodes a long given as a JS number only within +-(2^53 - 2), one short of
 * Number.MAX_SAFE_INTEGER at each end (`isSafeLong` in avsc's lib/types.js), so a validated event
 * must stay within that too, or it would pass here and fail to encode.
 */
const LONG_LIMIT = 9007199254740990;
const isAvroLong = (v: unknown): v is number => Number.isSafeInteger(v) && Math.abs(v as number) <= LONG_LIMIT;

const primitiveChecks: Readonly<Record<string, readonly [expected: string, test: (value: unknown) => boolean]>> = {
  null: ['null', (v) => v === null],
  boolean: ['a boolean', (v) => typeof v === 'boolean'],
  int: ['an int', (v) => Number.isInteger(v) && (v as number) >= INT_MIN && (v as number) <= INT_MAX],
  long: ['a long (an integer within +-(2^53 - 2))', isAvroLong],
  float: ['a number', (v) => typeof v === 'number'],
  double: ['a number', (v) => typeof v === 'number'],
  string: ['a string', (v) => typeof v === 'string'],
  bytes: ['bytes (a Buffer)', (v) => Buffer.isBuffer(v)],
};

/** A compiled record: checks the declared fields, rejects undeclared ones. */
export class RecordValidator {
  private readonly declared: ReadonlySet<string>;

  constructor(
    readonly fullName: string,
    private readonly fields: readonly CompiledField[],
  ) {
    this.declared = new Set(fields.map((f) => f.name));
  }

  /** `extraKeys` are accepted on the input and left for the caller (CallEvent's `type`/`payload`). */
  check(value: unknown, context: CheckContext, extraKeys: ReadonlySet<string> = NO_KEYS): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (!isPlainObject(value)) {
      report(context, 'wrong-type', `expected an object (${shortName(this.fullName)}), got ${show(value)}`);
      return out;
    }
    let given = 0;
    for (const field of this.fields) {
      const fieldValue = value[field.name];
      if (fieldValue !== undefined) {
        given += 1;
        const before = context.issues.length;
        out[field.name] = field.check(fieldValue, context);
        if (context.issues.length > before) under(context, before, field.name);
      } else if (field.hasDefault) {
        out[field.name] = copyDefault(field.defaultValue);
      } else {
        report(context, 'missing-field', 'missing required field', field.name);
      }
    }
    // Only look for undeclared keys when there are more keys than declared fields given.
    const keys = Object.keys(value);
    if (keys.length > given) this.reportUndeclared(keys, context, extraKeys);
    return out;
  }

  private reportUndeclared(keys: readonly string[], context: CheckContext, extraKeys: ReadonlySet<string>): void {
    for (const key of keys) {
      if (this.declared.has(key) || extraKeys.has(key)) continue;
      const known = [...this.fields.map((f) => f.name), ...extraKeys].join(', ');
      report(context, 'unknown-field', `unknown field (${shortName(this.fullName)} has: ${known || 'no fields'})`, key);
    }
  }
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Builds validators from a schema catalog, one per named record (memoized). */
export class SchemaValidators {
  private readonly records = new Map<string, RecordValidator>();

  constructor(private readonly catalog: SchemaCatalog) {}

  record(fullName: string): RecordValidator {
    let validator = this.records.get(fullName);
    if (!validator) {
      validator = this.recordWithout(fullName, new Set());
      this.records.set(fullName, validator);
    }
    return validator;
  }

  /** A validator of the record without some of its fields (which the caller checks itself). */
  recordWithout(fullName: string, omitted: ReadonlySet<string>): RecordValidator {
    const definition = this.catalog.definition(fullName);
    if (definition.schema.type !== 'record') throw new Error(`${fullName} is not a record`);
    const fields = (definition.schema.fields ?? []).filter((f) => !omitted.has(f.name)).map((f) => this.field(f, definition.namespace, definition.fullName));
    return new RecordValidator(definition.fullName, fields);
  }

  private field(field: RawField, namespace: string | undefined, owner: string): CompiledField {
    const node = this.node(field.type, namespace);
    const attributes = compileAttributes(field, node.kind, owner);
    return { name: field.name, check: withAttributes(node.check, attributes), hasDefault: 'default' in field, defaultValue: field.default };
  }

  private node(schema: RawSchema, namespace: string | undefined): Node {
    if (typeof schema === 'string') {
      if (PRIMITIVES.has(schema)) return this.primitive(schema);
      return this.named(this.catalog.definition(schema, namespace).fullName);
    }
    if (Array.isArray(schema)) return this.nullable(schema as readonly RawSchema[], namespace);
    const complex = schema as RawComplexSchema;
    if (complex.name !== undefined) return this.named(this.catalog.definition(complex.name, complex.namespace ?? namespace).fullName);
    if (complex.type === 'array') return this.array(complex.items ?? 'null', namespace);
    if (complex.type === 'map') return this.map(complex.values ?? 'null', namespace);
    if (complex.type === 'long' && complex.logicalType === 'timestamp-millis') return timestamp();
    if (PRIMITIVES.has(complex.type)) return this.primitive(complex.type);
    throw new Error(`unsupported schema ${JSON.stringify(complex).slice(0, 120)}`);
  }

  private primitive(name: string): Node {
    const [expected, test] = primitiveChecks[name] ?? ['?', () => false];
    return {
      expected,
      kind: name,
      check: (value, context) => {
        if (!test(value)) report(context, 'wrong-type', `expected ${expected}, got ${show(value)}`);
        return value;
      },
    };
  }

  private named(fullName: string): Node {
    const definition = this.catalog.definition(fullName);
    if (definition.schema.type === 'enum') return enumNode(definition.fullName, definition.schema.symbols ?? []);
    if (definition.schema.type !== 'record') throw new Error(`unsupported named type ${definition.schema.type} (${fullName})`);
    // Resolved on first use: a record may (in principle) refer to itself.
    let validator: RecordValidator | undefined;
    return { expected: `an object (${shortName(fullName)})`, kind: 'record', check: (value, context) => (validator ??= this.record(fullName)).check(value, context) };
  }

  private nullable(branches: readonly RawSchema[], namespace: string | undefined): Node {
    const other = branches.filter((b) => b !== 'null');
    if (branches.length !== 2 || other.length !== 1 || other[0] === undefined) {
      throw new Error(`unsupported union ${JSON.stringify(branches).slice(0, 120)}: only ["null", X] is allowed outside CallEvent.payload`);
    }
    const inner = this.node(other[0], namespace);
    return {
      expected: `null or ${inner.expected}`,
      kind: inner.kind,
      check: (value, context) => {
        if (value === null) return null;
        const before = context.issues.length;
        const result = inner.check(value, context);
        const own = context.issues[before];
        // Say that null was allowed too, on a type mismatch of the value itself.
        if (own && own.segments.length === 0 && own.code === 'wrong-type') own.detail = `expected null or ${inner.expected}, got ${show(value)}`;
        return result;
      },
    };
  }

  private array(items: RawSchema, namespace: string | undefined): Node {
    const item = this.node(items, namespace);
    return {
      expected: `an array of ${item.expected}`,
      kind: 'array',
      check: (value, context) => {
        if (!Array.isArray(value)) {
          report(context, 'wrong-type', `expected an array, got ${show(value)}`);
          return value;
        }
        // An index loop, not map(): map skips holes, and a sparse array does not encode.
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
          const before = context.issues.length;
          out.push(item.check(value[i], context));
          if (context.issues.length > before) under(context, before, `[${i}]`);
        }
        return out;
      },
    };
  }

  private map(values: RawSchema, namespace: string | undefined): Node {
    const entry = this.node(values, namespace);
    return {
      expected: 'an object (map)',
      kind: 'map',
      check: (value, context) => {
        if (!isPlainObject(value)) {
          report(context, 'wrong-type', `expected an object (map), got ${show(value)}`);
          return value;
        }
        // fromEntries defines own properties: a "__proto__" key stays data.
        return Object.fromEntries(
          Object.entries(value).map(([key, entryValue]) => {
            const before = context.issues.length;
            const checked = entry.check(entryValue, context);
            if (context.issues.length > before) under(context, before, key);
            return [key, checked];
          }),
        );
      },
    };
  }
}

function enumNode(fullName: string, symbols: readonly string[]): Node {
  const allowed = new Set(symbols);
  const expected = `one of ${symbols.join(', ')}`;
  return {
    expected,
    kind: 'enum',
    check: (value, context) => {
      if (typeof value !== 'string') report(context, 'wrong-type', `expected a ${shortName(fullName)} symbol (${symbols.join(', ')}), got ${show(value)}`);
      else if (!allowed.has(value)) report(context, 'enum-symbol', `${show(value)} is not ${expected}`);
      return value;
    },
  };
}

/** timestamp-millis: epoch milliseconds; the JSON form also accepts an ISO-8601 string with a zone. */
function timestamp(): Node {
  return {
    expected: 'a timestamp (epoch milliseconds)',
    kind: 'long',
    check: (value, context) => {
      if (isAvroLong(value)) return value;
      if (context.json && typeof value === 'string' && ISO_TIMESTAMP.test(value)) {
        const millis = Date.parse(value);
        if (!Number.isNaN(millis)) return millis;
      }
      const accepted = context.json ? 'epoch milliseconds or an ISO-8601 time with zone' : 'epoch milliseconds (a safe integer)';
      report(context, 'wrong-type', `expected a timestamp in ${accepted}, got ${show(value)}`);
      return value;
    },
  };
}

function withAttributes(check: ValueCheck, attributes: readonly AttributeCheck[]): ValueCheck {
  if (attributes.length === 0) return check;
  return (value, context) => {
    const before = context.issues.length;
    const result = check(value, context);
    // Rules apply to a well-typed, non-null value only: no "outside 1..8" on a string.
    if (result === null || context.issues.length > before) return result;
    for (const attribute of attributes) {
      const violation = attribute(result);
      if (violation) report(context, violation.code, violation.detail);
    }
    return result;
  };
}
