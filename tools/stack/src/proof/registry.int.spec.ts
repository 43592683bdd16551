import { randomUUID } from 'node:crypto';
import { COMPATIBILITY, SchemaType } from '@kafkajs/confluent-schema-registry';
import { createRegistryClient, describeWithService, registryAuthHeader, serviceEnv } from '@callfold/testing';
import { Type } from 'avsc';

describeWithService('schema-registry', '@kafkajs/confluent-schema-registry against the registry (Confluent API)', () => {
  const settings = serviceEnv().schemaRegistry;
  // No client retries: a refused registration must surface at once, not after back-off.
  const registry = createRegistryClient({ registry: settings, retries: 0 });
  const subject = `callfold-int-${randomUUID().slice(0, 8)}-value`;
  const v1 = {
    type: 'record',
    name: 'CallStarted',
    namespace: 'dev.callfold.int',
    fields: [
      { name: 'callId', type: 'string' },
      { name: 'durationMs', type: 'long' },
    ],
  };
  const withField = (field: object) => ({ ...v1, fields: [...v1.fields, field] });
  let v1Id: number;

  beforeAll(async () => {
    // given a new subject with BACKWARD compatibility and one Avro schema
    ({ id: v1Id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject, compatibility: COMPATIBILITY.BACKWARD }));
  });

  const getJson = (path: string): Promise<unknown> => fetch(`${settings.url}${path}`, { headers: registryAuthHeader(settings) }).then((r) => r.json());

  it('when the schema is registered, then its id fetches the same schema, it is the latest of the subject, and the subject is BACKWARD', async () => {
    expect(v1Id).toBeGreaterThan(0);
    const fetched = (await getJson(`/schemas/ids/${v1Id}`)) as { schema: string };
    expect(JSON.parse(fetched.schema)).toMatchObject({ name: 'CallStarted', namespace: 'dev.callfold.int', fields: v1.fields });
    expect(await registry.getLatestSchemaId(subject)).toBe(v1Id);
    expect(await getJson(`/config/${subject}`)).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('when a required field is added (not backward compatible), then registration is refused with 409 and the reason', async () => {
    const breaking = withField({ name: 'tenantId', type: 'string' });

    const refused = registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(breaking) }, { subject });

    await expect(refused).rejects.toMatchObject({ status: 409 });
    await expect(refused).rejects.toThrow(/incompatible/i);
    expect(await registry.getLatestSchemaId(subject)).toBe(v1Id);
  });

  it('when a field with a default is added (backward compatible), then it registers as a new schema', async () => {
    const compatible = withField({ name: 'tenantId', type: 'string', default: 'none' });

    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(compatible) }, { subject });

    expect(id).not.toBe(v1Id);
    expect(await registry.getLatestSchemaId(subject)).toBe(id);
  });

  it('when a record is encoded, then the bytes are magic byte 0, the 4-byte schema id, then plain Avro, and decode returns the record', async () => {
    const record = { callId: 'call-42', durationMs: 1234 };

    const bytes = await registry.encode(v1Id, record);

    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(v1Id);
    expect(Type.forSchema(v1 as never).fromBuffer(bytes.subarray(5))).toEqual(record);
    expect(await registry.decode(bytes)).toEqual(record);
  });

  it('when bytes name a schema id nobody registered, then decoding fails with a not-found error (404)', async () => {
    const unknownId = 2_000_000_000;
    const bytes = Buffer.concat([Buffer.from([0]), Buffer.alloc(4), Buffer.from([0x02])]);
    bytes.writeInt32BE(unknownId, 1);

    const decoding = registry.decode(bytes);

    await expect(decoding).rejects.toMatchObject({ status: 404 });
    // Apicurio: "No content with ID '2000000000' was found"; Confluent: "Schema not found".
    await expect(decoding).rejects.toThrow(/not found|no content with id/i);
  });
});
