import { createDeadLetterReader, type DeadLetter, DeadLetterReason, Topics } from '@callfold/contracts';
import { createSchemaRegistry, type InboundMessage, type KafkaClient, type RegistryClient, unframe } from '@callfold/kafka';
import { messageOf } from '../cli/cli-error';
import { type FlagSpecs } from '../cli/flags';
import { formatCount } from '../io/progress';
import { incompletePartitions, readTopicToEnd } from '../io/topic-reader';
import { DeadLetterCollector, reasonSummary, renderDeadLetters, UNREADABLE } from './dlq.table';

export const DEFAULT_DLQ_LIMIT = 50;

export const dlqInspectFlags = {
  limit: { type: 'integer', value: 'N', min: 0, description: `show the N most recent dead letters (default ${DEFAULT_DLQ_LIMIT}); the summary counts all` },
  reason: { type: 'string', value: 'R', choices: DeadLetterReason, description: `only dead letters of this reason: ${DeadLetterReason.join(', ')}` },
  topic: { type: 'string', value: 'TOPIC', description: `dead-letter topic (default ${Topics.deadLetters})` },
} as const satisfies FlagSpecs;

export const dlqInspectHelp = `callfold dlq inspect [--limit N] [--reason R] [--topic T]

Reads the dead-letter topic from the beginning up to its end offsets at the start (a consumer in
a fresh group of its own that never commits), decodes each DeadLetter through the schema
registry, and prints the most recent --limit of them, oldest first: when it was dead-lettered,
the reason, where the original message was (topic/partition/offset), its conversationId, the
detail, the size of the original value and its first bytes in hex. Then the count per reason of
every record on the topic. Records that are not DeadLetters are counted as ${UNREADABLE}.

Only committed records are read (dead letters published inside an aborted transaction never
count).`;

export interface DlqInspectOptions {
  readonly client: KafkaClient;
  readonly registry: RegistryClient;
  readonly topic: string;
  readonly limit: number;
  readonly reason?: DeadLetterReason;
  readonly print: (line: string) => void;
  readonly warn: (line: string) => void;
  /** Close partitions after this long without a batch (transaction markers at the end); default 5 s. */
  readonly idleMs?: number;
}

export interface DlqInspectResult {
  readonly records: number;
  readonly perReason: ReadonlyMap<string, number>;
  readonly shown: readonly { readonly letter: DeadLetter }[];
}

export async function runDlqInspect(options: DlqInspectOptions): Promise<DlqInspectResult> {
  const readers = createSchemaRegistry({ client: options.registry, buildReader: createDeadLetterReader });
  const collector = new DeadLetterCollector({ reason: options.reason, limit: options.limit });

  const inspect = async (message: InboundMessage): Promise<void> => {
    const at = { partition: message.partition, offset: message.offset };
    if (message.value === null) return collector.addUnreadable({ ...at, detail: 'no value (a tombstone)' });
    const framed = unframe(message.value);
    if (!framed.ok) return collector.addUnreadable({ ...at, detail: framed.detail });
    const reader = await readers.readerFor(framed.schemaId);
    if (!reader.ok) return collector.addUnreadable({ ...at, detail: reader.detail });
    try {
      collector.add({ ...at, letter: reader.reader(framed.body) });
    } catch (error) {
      collector.addUnreadable({ ...at, detail: `Avro body does not decode: ${messageOf(error)}` });
    }
  };

  const report = await readTopicToEnd({
    client: options.client,
    topic: options.topic,
    groupPrefix: 'callfold.cli.dlq',
    idleMs: options.idleMs,
    onMessages: async (_partition, messages) => {
      for (const message of messages) await inspect(message);
    },
  });
  for (const warning of incompletePartitions(report)) options.warn(`warning: ${warning}`);

  const shown = collector.shown();
  const which = options.reason ? ` of reason ${options.reason}` : '';
  options.print(`Dead-letter topic ${options.topic}: ${formatCount(report.messages)} record(s); showing the ${shown.length} most recent${which} of ${formatCount(collector.matched())}.`);
  if (shown.length > 0) options.print(renderDeadLetters(shown));
  for (const u of collector.unreadable) options.print(`unreadable record at ${options.topic}/${u.partition}/${u.offset}: ${u.detail}`);
  options.print('');
  options.print(reasonSummary(collector.perReason()));
  return { records: report.messages, perReason: collector.perReason(), shown };
}
