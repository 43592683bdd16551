import { standaloneSchema, Subjects } from '@callfold/contracts';
import { createCallEventDecoder } from './call-event.decoder';
import { createConfluentRegistryClient } from './confluent-registry.client';
import { createCallEventRegistry, type RegistryClient } from './schema-registry';
import { describeWithStack, intStack, uniqueName } from './testing/int-stack';
import { framedEvent, message, queued } from './testing/call-events.fixture';

describeWithStack('schema registry (real registry, Confluent API)', () => {
  const stack = intStack();
  const http = createConfluentRegistryClient(stack.settings.registry);
  const lookups: number[] = [];
  const counting: RegistryClient = { register: (s, schema) => http.register(s, schema), schemaById: (id) => (lookups.push(id), http.schemaById(id)) };
  const registry = createCallEventRegistry(counting, { logger: stack.logger });

  it('given the CallEvent schema, when registered twice, then the registry gives one id and serves the schema back', async () => {
    const schema = standaloneSchema('CallEvent');

    const first = await http.register(Subjects.callEvent, schema);
    const again = await http.register(Subjects.callEvent, schema);
    const served = await http.schemaById(first);

    expect(again).toBe(first);
    expect(served?.schemaType).toBe('AVRO');
    expect(JSON.parse(served!.schema)).toMatchObject({ type: 'record', name: 'CallEvent', namespace: 'callfold.v1' });
  });

  it('given an event framed with the registered id, when decoded through the registry, then the event comes back', async () => {
    const id = await registry.register(Subjects.callEvent, standaloneSchema('CallEvent'));
    const decoder = createCallEventDecoder((schemaId) => registry.readerFor(schemaId));

    const results = await decoder.decodeBatch([message(framedEvent(queued(), id)), message(framedEvent(queued({ eventId: 'evt-2' }), id))]);

    expect(results).toEqual([
      { ok: true, event: queued(), schemaId: id },
      { ok: true, event: queued({ eventId: 'evt-2' }), schemaId: id },
    ]);
    expect(lookups.filter((l) => l === id)).toEqual([id]);
  });

  it('given an id the registry never issued, when asked many times, then it is UNKNOWN and the registry was asked once', async () => {
    const unknown = 99_999;

    const results = await Promise.all([1, 2, 3].map(() => registry.readerFor(unknown)));
    const later = await registry.readerFor(unknown);

    expect(results[0]).toEqual({ ok: false, schemaId: unknown, detail: 'schema id 99999 is not in the registry' });
    expect(later.ok).toBe(false);
    expect(lookups.filter((l) => l === unknown)).toEqual([unknown]);
  });

  it('given a different record registered under another subject, when a CallEvent reader is asked for its id, then it is refused', async () => {
    const other = JSON.stringify({ type: 'record', name: 'Unrelated', namespace: 'it', fields: [{ name: 'n', type: 'long' }] });
    const id = await http.register(`${uniqueName('unrelated')}-value`, other);

    const result = await registry.readerFor(id);

    expect(result).toMatchObject({ ok: false, schemaId: id, detail: expect.stringContaining('cannot be read as this topic') });
  });
});
