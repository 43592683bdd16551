import { standaloneSchema } from '@callfold/contracts';
import { createCallEventRegistry, createSchemaRegistry, type RegistryClient, type RegistrySchema } from './schema-registry';
import { framedEvent, queued } from './testing/call-events.fixture';
import { unframe } from './wire-format';

function fakeClient(schemas: Record<number, RegistrySchema>) {
  const lookups: number[] = [];
  const registrations: string[] = [];
  let failNext: Error | undefined;
  const client: RegistryClient = {
    register: async (subject) => (registrations.push(subject), 10 + registrations.length),
    schemaById: async (id) => {
      lookups.push(id);
      if (failNext) {
        const error = failNext;
        failNext = undefined;
        throw error;
      }
      return schemas[id];
    },
  };
  return { client, lookups, registrations, failOnce: (e: Error) => (failNext = e) };
}

const avro = (id: number, schema = standaloneSchema('CallEvent')): RegistrySchema => ({ id, schemaType: 'AVRO', schema });

describe('schema registry cache', () => {
  it('given a known id, when many readers are asked for it at once and later, then the registry is called once and the reader is built once', async () => {
    const fake = fakeClient({ 1: avro(1) });
    let builds = 0;
    const registry = createSchemaRegistry({ client: fake.client, buildReader: (s) => (builds++, s.length) });

    const results = await Promise.all([1, 1, 1].map((id) => registry.readerFor(id)));
    const later = await registry.readerFor(1);

    expect(fake.lookups).toEqual([1]);
    expect(builds).toBe(1);
    expect(later).toEqual(results[0]);
    expect(later).toEqual({ ok: true, schemaId: 1, reader: standaloneSchema('CallEvent').length });
  });

  it('given an unknown id, when asked repeatedly within the TTL, then the registry is asked once; after the TTL it is asked again', async () => {
    const fake = fakeClient({});
    let now = 1_000;
    const registry = createSchemaRegistry({ client: fake.client, buildReader: () => 'r', unknownSchemaTtlMs: 500, now: () => now });

    const first = await registry.readerFor(99_999);
    await registry.readerFor(99_999);
    now = 1_499;
    await registry.writerSchema(99_999);
    now = 1_500;
    await registry.readerFor(99_999);

    expect(first).toEqual({ ok: false, schemaId: 99_999, detail: 'schema id 99999 is not in the registry' });
    expect(fake.lookups).toEqual([99_999, 99_999]);
  });

  it('given a Protobuf schema id, when a reader is asked, then it is refused as not Avro, and remembered', async () => {
    const fake = fakeClient({ 3: { id: 3, schemaType: 'PROTOBUF', schema: 'syntax = "proto3";' } });
    const registry = createSchemaRegistry({ client: fake.client, buildReader: () => 'r' });

    const result = await registry.readerFor(3);
    await registry.readerFor(3);

    expect(result).toEqual({ ok: false, schemaId: 3, detail: 'schema id 3 is a PROTOBUF schema, not Avro' });
    expect(fake.lookups).toEqual([3]);
  });

  it('given an Avro schema that is not a CallEvent, when a call-event reader is asked, then it is refused with the reason', async () => {
    const fake = fakeClient({ 4: avro(4, JSON.stringify({ type: 'record', name: 'Other', namespace: 'x', fields: [{ name: 'a', type: 'int' }] })) });
    const registry = createCallEventRegistry(fake.client);

    const result = await registry.readerFor(4);

    expect(result).toMatchObject({ ok: false, schemaId: 4, detail: expect.stringContaining('schema id 4 cannot be read as this topic') });
  });

  it('given the current CallEvent schema, when its reader decodes a body, then the event comes back', async () => {
    const registry = createCallEventRegistry(fakeClient({ 1: avro(1) }).client);
    const framed = unframe(framedEvent(queued()));

    const result = await registry.readerFor(1);

    expect(result.ok && framed.ok ? result.reader(framed.body) : undefined).toEqual(queued());
  });

  it('given a transient registry failure, when asked, then it throws and the next call asks again (failures are not cached)', async () => {
    const fake = fakeClient({ 1: avro(1) });
    const registry = createSchemaRegistry({ client: fake.client, buildReader: () => 'r' });
    fake.failOnce(new Error('503 Service Unavailable'));

    await expect(registry.readerFor(1)).rejects.toThrow('503');
    const retried = await registry.readerFor(1);

    expect(retried.ok).toBe(true);
    expect(fake.lookups).toEqual([1, 1]);
  });

  it('given the same schema registered twice under a subject, when registered, then the registry is called once', async () => {
    const fake = fakeClient({});
    const registry = createSchemaRegistry({ client: fake.client, buildReader: () => 'r' });

    const ids = [await registry.register('s-value', '{"type":"string"}'), await registry.register('s-value', '{"type":"string"}'), await registry.register('t-value', '{"type":"string"}')];

    expect(ids).toEqual([11, 11, 12]);
    expect(fake.registrations).toEqual(['s-value', 't-value']);
  });
});
