import { Type, types } from 'avsc';
import {
  callEventPayloadType,
  callEventType,
  canonicalForm,
  contractType,
  conversationType,
  deadLetterType,
  parseStandaloneSchema,
  payloadBranchNames,
  standaloneSchema,
  type ContractSchemaName,
} from './avro-types';
import { EventType } from './generated/v1';

const NAMES: readonly ContractSchemaName[] = ['CallEvent', 'Conversation', 'DeadLetter'];

/** Every union type reachable from a type, with its path. */
function unions(type: Type, path: string, seen = new Set<Type>()): [string, Type][] {
  if (seen.has(type)) return [];
  seen.add(type);
  if (type instanceof types.RecordType) return type.fields.flatMap((f) => unions(f.type, `${path}.${f.name}`, seen));
  if (type instanceof types.ArrayType) return unions(type.itemsType, `${path}[]`, seen);
  if (type instanceof types.MapType) return unions(type.valuesType as Type, `${path}{}`, seen);
  if (type instanceof types.WrappedUnionType || type instanceof types.UnwrappedUnionType) {
    return [[path, type], ...type.types.flatMap((t) => unions(t, `${path}|${t.branchName ?? ''}`, seen))];
  }
  return [];
}

describe('contract avsc types', () => {
  it('wraps the payload union and only it', () => {
    // given every union in the three contract records
    const all = NAMES.flatMap((name) => unions(contractType(name), name));
    // when classifying them, then CallEvent.payload is the one wrapped union and the rest are ["null", X] unwrapped
    expect(all.filter(([, t]) => t instanceof types.WrappedUnionType).map(([p]) => p)).toEqual(['CallEvent.payload']);
    const unwrapped = all.filter(([, t]) => t instanceof types.UnwrappedUnionType);
    expect(unwrapped.length).toBeGreaterThan(100);
    for (const [, t] of unwrapped) expect((t as types.UnwrappedUnionType).types.map((b) => b.typeName)).toContain('null');
  });

  it('has the payload branches in the order of the generated EventType', () => {
    // given the payload union, when listing its branch names, then they are the event types, in order
    expect(payloadBranchNames).toEqual(EventType);
    expect(callEventPayloadType.types).toHaveLength(38);
  });

  it('decodes timestamps as plain numbers', () => {
    // given occurredAt (a timestamp-millis long), when reading its avsc type, then it is a plain long
    expect((callEventType as types.RecordType).field('occurredAt').type.typeName).toBe('long');
  });
});

describe('standaloneSchema', () => {
  it.each(NAMES)('gives a %s schema that avsc parses with no registry', (name) => {
    // given the standalone schema text
    const text = standaloneSchema(name);
    // when parsing it alone (as the schema registry and other consumers do)
    const parsed = Type.forSchema(JSON.parse(text) as never);
    // then it is the same Avro schema as the one built from the files with the shared registry
    expect(canonicalForm(parsed)).toBe(canonicalForm(contractType(name)));
    expect(parsed.fingerprint('sha256').toString('hex')).toBe(contractType(name).fingerprint('sha256').toString('hex'));
  });

  it.each(NAMES)('is stable: the %s schema is the same string on every call and compact', (name) => {
    // given two calls, when comparing, then the text is identical and already minimal JSON
    expect(standaloneSchema(name)).toBe(standaloneSchema(name));
    expect(JSON.stringify(JSON.parse(standaloneSchema(name)))).toBe(standaloneSchema(name));
  });

  it('inlines each common type once, then refers to it by full name', () => {
    // given the CallEvent schema, when counting definitions of the shared Party enum
    const text = standaloneSchema('CallEvent');
    // then it is defined exactly once and referenced by full name elsewhere
    expect(text.split('"name":"Party"')).toHaveLength(2);
    expect(text).toContain('"type":"callfold.v1.Party"');
  });

  it('keeps docs, defaults, logical types and callfold rules that avsc.schema() would drop', () => {
    // given the standalone CallEvent schema and avsc's own export of the same type
    const ours = standaloneSchema('CallEvent');
    const avscExport = JSON.stringify(callEventType.schema({ exportAttrs: true }));
    // when looking for the contract's annotations, then ours has them and avsc's export has not
    for (const needle of ['"logicalType":"timestamp-millis"', '"callfold.range":[1,8]', '"callfold.format":"url"', '"doc":"Queue priority 1 (highest) .. 8."']) {
      expect(ours).toContain(needle);
    }
    expect(avscExport).not.toContain('logicalType');
    expect(avscExport).not.toContain('callfold.range');
  });

  it('parses through parseStandaloneSchema with the same union rule', () => {
    // given the standalone schemas, when parsing them with the contract's union rule
    const parsed = parseStandaloneSchema(standaloneSchema('CallEvent')) as types.RecordType;
    // then the payload is wrapped and nullable fields are not
    expect(parsed.field('payload').type).toBeInstanceOf(types.WrappedUnionType);
    expect(parsed.field('sequence').type).toBeInstanceOf(types.UnwrappedUnionType);
    expect(canonicalForm(parseStandaloneSchema(standaloneSchema('Conversation')))).toBe(canonicalForm(conversationType));
    expect(canonicalForm(parseStandaloneSchema(standaloneSchema('DeadLetter')))).toBe(canonicalForm(deadLetterType));
  });
});
