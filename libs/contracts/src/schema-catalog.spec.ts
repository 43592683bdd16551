import { Type } from 'avsc';
import { SchemaCatalog } from './schema-catalog';

const shared = [
  { type: 'enum', name: 'Color', namespace: 'n1', symbols: ['RED', 'BLUE'] },
  { type: 'record', name: 'Holder', namespace: 'n3', fields: [{ name: 'pinned', type: { type: 'record', name: 'Pinned', fields: [{ name: 'x', type: 'int' }] } }] },
];
const main = {
  type: 'record',
  name: 'Main',
  namespace: 'n2',
  fields: [
    { name: 'first', type: 'n1.Color', doc: 'kept' },
    { name: 'nested', type: { type: 'record', name: 'Nested', fields: [{ name: 'again', type: ['null', 'n1.Color'], default: null }] } },
    { name: 'moved', type: 'n3.Pinned', 'callfold.minLength': 1 },
    { name: 'list', type: { type: 'array', items: 'Nested' } },
  ],
};

describe('SchemaCatalog.standalone', () => {
  const catalog = new SchemaCatalog({ 'shared.avsc': shared, 'main.avsc': main });
  const standalone = JSON.parse(catalog.standalone('n2.Main')) as { fields: { name: string; type: unknown }[] };

  it('inlines a referenced type at its first use and refers to it by full name afterwards', () => {
    // given Main referring to n1.Color twice, when building its standalone schema
    const [first, nested] = standalone.fields;
    // then the first use carries the definition, the second the full name
    expect(first?.type).toEqual({ type: 'enum', name: 'Color', namespace: 'n1', symbols: ['RED', 'BLUE'] });
    expect(JSON.stringify(nested?.type)).toContain('"type":["null","n1.Color"]');
  });

  it('pins the namespace a nested definition inherited in its own file', () => {
    // given n3.Pinned, defined inside Holder without its own namespace attribute
    const moved = standalone.fields.find((f) => f.name === 'moved');
    // when it is inlined into Main (namespace n2), then it keeps namespace n3 explicitly
    expect(moved?.type).toEqual({ type: 'record', name: 'Pinned', namespace: 'n3', fields: [{ name: 'x', type: 'int' }] });
  });

  it('resolves short references in the current namespace and keeps attributes', () => {
    // given `items: "Nested"` inside namespace n2, when building, then it is the full name n2.Nested
    expect(standalone.fields.find((f) => f.name === 'list')?.type).toEqual({ type: 'array', items: 'n2.Nested' });
    expect(standalone.fields[0]).toMatchObject({ doc: 'kept' });
    expect(standalone.fields.find((f) => f.name === 'moved')).toMatchObject({ 'callfold.minLength': 1 });
  });

  it('produces a schema avsc parses with no registry, with the intended names', () => {
    // given the standalone text, when avsc parses it alone, then every named type has its full name
    const registry: Record<string, Type> = {};
    Type.forSchema(JSON.parse(catalog.standalone('n2.Main')) as never, { registry });
    expect(Object.keys(registry).filter((k) => k.includes('.')).sort()).toEqual(['n1.Color', 'n2.Main', 'n2.Nested', 'n3.Pinned']);
  });

  it('refuses duplicate and undefined names', () => {
    // given a file defining n1.Color again, or a reference to nothing, then the catalog says so
    expect(() => new SchemaCatalog({ 'a.avsc': shared, 'b.avsc': shared[0] })).toThrow('b.avsc: duplicate Avro type name n1.Color');
    expect(() => new SchemaCatalog({ 'a.avsc': main }).standalone('n2.Main')).toThrow('undefined Avro type name: n1.Color');
  });
});
