import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolutionFailure } from './avro-resolution';
import { contractCatalog, contractType, parseStandaloneSchema, type ContractSchemaName } from './avro-types';
import { createCallEventReader, decodeCallEvent, encodeCallEvent } from './call-event.codec';
import { parseCallEventJson } from './call-event.validation';
import { SchemaCatalog, shortName } from './schema-catalog';
import { loadExamples, readJson, schemaDir } from './testing/contract-examples.fixture';

// Every published version of the v1 contract, frozen as committed (see schemas/README.md,
// "Compatibility"). The current files must stay able to read data written with each of them.
const frozenDir = join(schemaDir, '.frozen');
const FILES = ['common.avsc', 'call-event.avsc', 'conversation.avsc', 'dead-letter.avsc'];
const NAMES: readonly ContractSchemaName[] = ['CallEvent', 'Conversation', 'DeadLetter'];

const versions = existsSync(frozenDir) ? readdirSync(frozenDir).sort() : [];

function frozenCatalog(version: string): SchemaCatalog {
  return new SchemaCatalog(Object.fromEntries(FILES.map((f) => [f, readJson(join(frozenDir, version, f))])));
}

describe('the v1 contract stays BACKWARD compatible with every frozen version', () => {
  it('has at least the first published version frozen', () => {
    expect(versions).toContain('1.0');
  });

  describe.each(versions)('frozen version %s', (version) => {
    const frozen = frozenCatalog(version);

    it.each(NAMES)('lets the current %s schema read data written with the frozen one', (name) => {
      // given the frozen schema as a writer, when resolving it into the current reader, then it resolves
      const writer = parseStandaloneSchema(frozen.standalone(`callfold.v1.${name}`));
      expect(resolutionFailure(contractType(name), writer)).toBeUndefined();
    });

    it('removes no named type, field, enum symbol or event type', () => {
      // given every named type of the frozen version
      const missing: string[] = [];
      for (const fullName of frozen.fullNames) {
        const old = frozen.definition(fullName).schema;
        // when looking it up in the current files, then it and all its fields and symbols are still there
        if (!contractCatalog.has(fullName)) {
          missing.push(`type ${fullName}`);
          continue;
        }
        const current = contractCatalog.definition(fullName).schema;
        for (const field of old.fields ?? []) if (!current.fields?.some((f) => f.name === field.name)) missing.push(`field ${shortName(fullName)}.${field.name}`);
        for (const symbol of old.symbols ?? []) if (!current.symbols?.includes(symbol)) missing.push(`symbol ${shortName(fullName)}.${symbol}`);
      }
      expect(missing).toEqual([]);
    });

    it('decodes each example written by the frozen writer with the current reader', () => {
      // given the frozen CallEvent writer and its reader into the current schema
      const writerText = frozen.standalone('callfold.v1.CallEvent');
      const writer = parseStandaloneSchema(writerText);
      const read = createCallEventReader(writerText);
      const branchNames = new Set((JSON.parse(writerText) as { fields: { name: string; type: unknown }[] }).fields.flatMap((f) => (f.name === 'payload' ? (f.type as { name: string }[]).map((b) => b.name) : [])));
      let checked = 0;
      for (const example of loadExamples()) {
        if (!branchNames.has(example.type)) continue;
        const result = parseCallEventJson(example.text);
        if (!result.ok) throw new Error(`${example.file} is invalid`);
        // when an example event is written with the frozen schema (the wire form is avsc's wrapped union)
        const { type, payload, ...envelope } = result.event;
        const body = writer.toBuffer({ ...envelope, payload: { [`callfold.v1.${type}`]: payload } });
        // then the current reader gets the same event back (fields added since take their defaults)
        expect(read(body)).toEqual(decodeCallEvent(encodeCallEvent(result.event)));
        checked += 1;
      }
      expect(checked).toBeGreaterThan(0);
    });
  });
});
