import { IncompatibleWriterSchemaError, WriterSchemaResolvers } from './avro-reader';
import { callEventType, parseStandaloneSchema, standaloneSchema } from './avro-types';
import { createCallEventReader, encodeCallEvent } from './call-event.codec';
import { createConversationReader } from './conversation.codec';

type SchemaJson = { name?: string; type?: unknown; fields?: { name: string; type: unknown }[]; symbols?: string[] } & Record<string, unknown>;

/** The current standalone schema, edited: an older (or newer) writer's view of the contract. */
function writerSchema(name: 'CallEvent' | 'Conversation', edit: (find: (n: string) => SchemaJson, root: SchemaJson) => void): string {
  const root = JSON.parse(standaloneSchema(name)) as SchemaJson;
  const find = (wanted: string): SchemaJson => {
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (Array.isArray(node)) stack.push(...(node as unknown[]));
      else if (typeof node === 'object' && node !== null) {
        if ((node as SchemaJson).name === wanted && ((node as SchemaJson).fields || (node as SchemaJson).symbols)) return node as SchemaJson;
        stack.push(...Object.values(node));
      }
    }
    throw new Error(`no ${wanted} in the schema`);
  };
  edit(find, root);
  return JSON.stringify(root);
}

function payloadBranches(root: SchemaJson): SchemaJson[] {
  return (root.fields ?? []).find((f) => f.name === 'payload')?.type as SchemaJson[];
}

const envelope = { eventId: 'evt-1', conversationId: 'conv-1', occurredAt: 1718010915123, sequence: 4, source: { system: 'acd', vendor: null, node: null } };

describe('reading data written with another writer schema', () => {
  it('fills a payload field the older writer did not have with its default', () => {
    // given an older writer whose Queued had no teamId, and a body it wrote
    const older = writerSchema('CallEvent', (find) => {
      const queued = find('Queued');
      queued.fields = (queued.fields ?? []).filter((f) => f.name !== 'teamId');
    });
    const body = parseStandaloneSchema(older).toBuffer({ ...envelope, payload: { 'callfold.v1.Queued': { queueId: 'billing-en', priority: 2 } } });
    // when reading it with the current schema through the writer's reader
    const event = createCallEventReader(older)(body);
    // then the event is complete, teamId taking its default
    expect(event).toEqual({ ...envelope, type: 'Queued', payload: { queueId: 'billing-en', priority: 2, teamId: null } });
  });

  it('maps union branch indexes when the older writer lacked an event type and an enum symbol', () => {
    // given an older writer without the Requeued event and without the SMS channel
    const older = writerSchema('CallEvent', (find, root) => {
      const branches = payloadBranches(root);
      branches.splice(branches.findIndex((b) => b.name === 'Requeued'), 1);
      find('Channel').symbols = ['VOICE', 'CHAT', 'WHATSAPP', 'WEB'];
    });
    const writer = parseStandaloneSchema(older);
    // when reading an event whose branch comes after the removed one, and one using the shifted enum
    const offered = createCallEventReader(older)(writer.toBuffer({ ...envelope, payload: { 'callfold.v1.OfferedToAgent': { agentId: 'a-1', answerType: 'VIRTUAL', queueId: null, teamId: null } } }));
    const deflected = createCallEventReader(older)(writer.toBuffer({ ...envelope, payload: { 'callfold.v1.Deflected': { reason: 'QUEUE_FULL', channelOffered: 'WEB', detail: null, queueId: null } } }));
    // then the reader resolves by name, not by position
    expect([offered.type, offered.payload]).toEqual(['OfferedToAgent', { agentId: 'a-1', answerType: 'VIRTUAL', queueId: null, teamId: null }]);
    expect(deflected.payload).toEqual({ reason: 'QUEUE_FULL', channelOffered: 'WEB', detail: null, queueId: null });
  });

  it('ignores a field a newer writer added', () => {
    // given a newer writer whose Queued has a skill field (with a default), and a body it wrote
    const newer = writerSchema('CallEvent', (find) => {
      find('Queued').fields?.push({ name: 'skill', type: ['null', 'string'], default: null } as never);
    });
    const body = parseStandaloneSchema(newer).toBuffer({ ...envelope, payload: { 'callfold.v1.Queued': { queueId: 'q', priority: 1, teamId: null, skill: 'spanish' } } });
    // when reading it with the current schema, then the unknown field is dropped
    expect(createCallEventReader(newer)(body).payload).toEqual({ queueId: 'q', priority: 1, teamId: null });
  });

  it('builds one resolver per writer schema and none for the current schema', () => {
    // given a resolver cache and an older writer schema
    const resolvers = new WriterSchemaResolvers(callEventType);
    const older = writerSchema('CallEvent', (find) => {
      find('Queued').fields?.pop();
    });
    // when asking twice, then the same resolver comes back; the current schema needs none
    const first = resolvers.resolverFor(older);
    expect(first).not.toBeNull();
    expect(resolvers.resolverFor(older)).toBe(first);
    expect(resolvers.resolverFor(standaloneSchema('CallEvent'))).toBeNull();
    // and a body written with the current schema reads directly
    const body = encodeCallEvent({ ...envelope, type: 'HoldStarted', payload: { agentId: 'a-1' } });
    expect(createCallEventReader(standaloneSchema('CallEvent'))(body).payload).toEqual({ agentId: 'a-1' });
  });

  it('rejects a newer writer with an event type this version does not know', () => {
    // given a writer that added an event type, when creating its reader
    const newer = writerSchema('CallEvent', (_find, root) => {
      payloadBranches(root).push({ type: 'record', name: 'CallParked', fields: [{ name: 'slot', type: 'string' }] });
    });
    // then it is refused: readers must be updated before producers use a new type
    expect(() => createCallEventReader(newer)).toThrow(IncompatibleWriterSchemaError);
    expect(() => createCallEventReader(newer)).toThrow(
      'callfold.v1.CallEvent cannot read data written with this writer schema: callfold.v1.CallEvent.payload: the writer\'s union branch callfold.v1.CallParked is unknown to the reader',
    );
  });

  it('rejects a writer missing a field that has no default, and remembers the failure', () => {
    // given a Conversation writer without the default-less version field
    const broken = writerSchema('Conversation', (_find, root) => {
      root.fields = (root.fields ?? []).filter((f) => f.name !== 'version');
    });
    // when creating its reader twice, then the same cached error explains the missing field
    let first: unknown;
    try {
      createConversationReader(broken);
    } catch (error) {
      first = error;
    }
    expect(first).toBeInstanceOf(IncompatibleWriterSchemaError);
    expect((first as Error).message).toMatch(/callfold\.v1\.Conversation\.version: the reader's field has no default and the writer does not write it$/);
    expect(() => createConversationReader(broken)).toThrow(first as Error);
  });

  it('rejects a writer schema that is not a schema', () => {
    // given text that is not JSON, when creating a reader, then it says the schema does not parse
    expect(() => createCallEventReader('{"type": "record"')).toThrow(/writer schema for callfold.v1.CallEvent does not parse/);
  });
});
