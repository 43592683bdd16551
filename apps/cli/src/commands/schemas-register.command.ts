import { type ContractSchemaName, standaloneSchema, Subjects } from '@callfold/contracts';
import { type RegistryClient } from '@callfold/kafka';
import { formatTable } from '../io/table.format';

export const schemasRegisterFlags = {} as const;

export const schemasRegisterHelp = `callfold schemas register

Registers the contract's Avro schemas (standalone form, every named type inlined) under their
subjects (TopicNameStrategy) in the schema registry at CALLFOLD_SCHEMA_REGISTRY_URL and prints
each subject's schema id. Idempotent: an unchanged schema keeps its id. A new subject gets
BACKWARD compatibility; an incompatible change is refused by the registry.

  callfold.call-events.v1-value     CallEvent
  callfold.conversations.v1-value   Conversation
  callfold.dead-letters.v1-value    DeadLetter`;

export const CONTRACT_SUBJECTS: readonly { readonly subject: string; readonly schema: ContractSchemaName }[] = [
  { subject: Subjects.callEvent, schema: 'CallEvent' },
  { subject: Subjects.conversation, schema: 'Conversation' },
  { subject: Subjects.deadLetter, schema: 'DeadLetter' },
];

export interface SchemasRegisterOptions {
  readonly registry: Pick<RegistryClient, 'register'>;
  /** Registry URL, for the first line. */
  readonly target: string;
  readonly print: (line: string) => void;
}

export interface RegisteredSubject {
  readonly subject: string;
  readonly schema: ContractSchemaName;
  readonly id: number;
}

export async function runSchemasRegister(options: SchemasRegisterOptions): Promise<RegisteredSubject[]> {
  const registered: RegisteredSubject[] = [];
  // One at a time: the registry assigns ids in order, and a failure names its subject.
  for (const { subject, schema } of CONTRACT_SUBJECTS) {
    let id: number;
    try {
      id = await options.registry.register(subject, standaloneSchema(schema));
    } catch (error) {
      throw new Error(`registering ${schema} under ${subject} at ${options.target} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    registered.push({ subject, schema, id });
  }
  options.print(`Schemas registered at ${options.target}:`);
  options.print(formatTable(['subject', 'schema', 'id'], registered.map((r) => [r.subject, r.schema, r.id])));
  return registered;
}
