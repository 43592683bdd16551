import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { Topics } from '@callfold/contracts';
import { type ClickHouseBackend, createAnalyticsSink } from '@callfold/clickhouse';
import { type ThresholdPolicy } from '@callfold/domain';
import { createCallEventDecoder, type KafkaClient, type ReaderLookup } from '@callfold/kafka';
import { CliError, messageOf } from '../cli/cli-error';
import { type FlagSpecs } from '../cli/flags';
import { formatCount, formatDuration, type ProgressReporter } from '../io/progress';
import { incompletePartitions, readTopicToEnd } from '../io/topic-reader';
import {
  badTotal,
  checkDialogues,
  type ConversationChunk,
  type DecodedMessage,
  EventChunker,
  planConversationWrites,
  RebuildFold,
  type StoredDialogue,
  thresholdsFingerprint,
  VERIFIED_COLUMNS,
} from './rebuild.fold';
import { classifyLine } from './replay.lines';

export const DEFAULT_REBUILD_CHUNK = 10_000;

export const rebuildFlags = {
  topic: { type: 'string', value: 'TOPIC', description: `call-events topic to read (default ${Topics.callEvents})` },
  'from-file': { type: 'string', value: 'FILE', description: 'read the events from an NDJSON file (contract JSON form) instead of Kafka' },
  'chunk-size': { type: 'integer', value: 'N', min: 1, description: `rows per insert (default ${DEFAULT_REBUILD_CHUNK})` },
  'progress-interval': { type: 'number', value: 'SECONDS', min: 0.1, description: 'seconds between progress lines when stderr is not a terminal (default 5)' },
} as const satisfies FlagSpecs;

export const rebuildHelp = `callfold rebuild [--topic T | --from-file FILE] [--chunk-size N]

Re-derives every ClickHouse row (call_events, conversations, dialogues, erasures) from the
call-events topic: reads every partition from its first offset up to the end offsets it has when
the rebuild starts (a consumer of its own, in a fresh group, that never commits: the projector's
and writer's groups are untouched), decodes each message through the schema registry (messages
that cannot be decoded or folded are counted by reason and not written), folds every event with
the status reducer, then writes the rows with the CURRENT thresholds (CALLFOLD_THRESHOLDS or
CALLFOLD_THRESHOLDS_FILE). Use it after a threshold change: InSLA and QuickDrop are recomputed for
all history. The rows keep their projection version, and for equal versions the dialogues and
conversations tables keep the last insert, so the rebuilt rows replace the old ones. Afterwards
the dialogue rows are read back (FINAL) to prove ClickHouse serves them.

Inserts carry deterministic deduplication tokens:
  events          rebuild:<topic>:<partition>:<from>-<to>          (aligned offset ranges)
  conversations   rebuild:<topic>:<partition>:<end offset>:t<thresholds digest>:c<chunk>
so a rebuild interrupted and run again skips what it already wrote.

Memory bound: every conversation of the topic is held in memory until the end (one projection
each: about 2.2 KB for the sample conversations, more for long ones; plan on 2-5 GB of heap per
million conversations). Events are not kept: they are written in chunks while reading. Node's
default heap is 2-4 GB; raise it for larger topics (NODE_OPTIONS=--max-old-space-size=16384).

--from-file FILE reads events from a file instead (lines that fail validation are counted as bad);
its rows get kafka_partition 0 and kafka_offset = line number, tokens use file:<sha256 prefix>.

Run \`callfold migrate\` first. Stop the writer, or restart it with the same thresholds, so it does
not write rows with the old ones afterwards.`;

/** Where the messages come from: a topic through the registry, or a file. */
export interface RebuildSource {
  /** Token namespace: the topic name, or `file:<digest>`. */
  readonly label: string;
  readonly description: string;
  /** Calls `onMessages` per batch, in offset order per partition; resolves with the end offsets covered. */
  read(onMessages: (messages: readonly DecodedMessage[]) => Promise<void>): Promise<{ endOffsets: Map<number, string>; warnings: string[] }>;
}

export function topicSource(client: KafkaClient, topic: string, readerFor: ReaderLookup, options: { idleMs?: number } = {}): RebuildSource {
  const decoder = createCallEventDecoder(readerFor);
  return {
    label: topic,
    description: `topic ${topic}`,
    async read(onMessages) {
      const report = await readTopicToEnd({
        client,
        topic,
        groupPrefix: 'callfold.cli.rebuild',
        idleMs: options.idleMs,
        onMessages: async (partition, messages) => {
          const decoded = await decoder.decodeBatch(messages);
          await onMessages(messages.map((m, i) => ({ partition, offset: m.offset, decoded: decoded[i] as DecodedMessage['decoded'] })));
        },
      });
      return { endOffsets: new Map(report.partitions.map((p) => [p.partition, p.endOffset])), warnings: incompletePartitions(report) };
    },
  };
}

async function digestOf(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 16);
}

export async function fileSource(file: string, batchSize = 1_000): Promise<RebuildSource> {
  let digest: string;
  try {
    digest = await digestOf(file);
  } catch (error) {
    throw new CliError(`cannot read --from-file ${file}: ${messageOf(error)}`);
  }
  return {
    label: `file:${digest}`,
    description: `file ${basename(file)} (sha256 ${digest}...)`,
    async read(onMessages) {
      const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
      let line = 0;
      let batch: DecodedMessage[] = [];
      for await (const text of lines) {
        line += 1;
        const result = classifyLine(text, line);
        if (result.kind === 'blank') continue;
        const decoded: DecodedMessage['decoded'] =
          result.kind === 'event'
            ? { ok: true, event: result.event, schemaId: 0 }
            : { ok: false, reason: 'INVALID_EVENT', detail: result.rejection.reason, schemaId: null, eventId: null, conversationId: null };
        batch.push({ partition: 0, offset: String(line), decoded });
        if (batch.length >= batchSize) {
          await onMessages(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await onMessages(batch);
      return { endOffsets: new Map([[0, String(line + 1)]]), warnings: [] };
    },
  };
}

export interface RebuildOptions {
  readonly source: RebuildSource;
  readonly backend: ClickHouseBackend;
  readonly database: string;
  readonly cluster?: string;
  readonly thresholds: ThresholdPolicy;
  readonly chunkSize: number;
  /** Where the rows go, for messages. */
  readonly target: string;
  readonly progress: ProgressReporter;
  readonly print: (line: string) => void;
  readonly warn: (line: string) => void;
  readonly now?: () => number;
}

export interface RebuildResult {
  readonly messages: number;
  readonly folded: number;
  readonly duplicates: number;
  readonly bad: Readonly<Record<string, number>>;
  readonly conversations: number;
  readonly erased: number;
  readonly eventsWritten: number;
  readonly dialogues: number;
  readonly verified: number;
  readonly newer: number;
  readonly rewritten: number;
}

const REQUIRED_TABLES = ['call_events', 'conversations', 'dialogues', 'erasures'];

async function ensureTables(backend: ClickHouseBackend, database: string, target: string): Promise<void> {
  const rows = await backend.query<{ name: string }>('SELECT name FROM system.tables WHERE database = {db:String}', { params: { db: database } });
  const present = new Set(rows.map((r) => r.name));
  const missing = REQUIRED_TABLES.filter((t) => !present.has(t));
  if (missing.length > 0) throw new CliError(`${target}: database ${database} lacks ${missing.join(', ')}: run \`callfold migrate\` first`);
}

function describeThresholds(policy: ThresholdPolicy): string {
  const d = policy.defaults;
  return `SLA ${d.slaThresholdMs / 1000} s, QuickDrop ${d.quickDropThresholdMs / 1000} s (${d.quickDropClock} clock), ${policy.rules.length} rule(s), digest ${thresholdsFingerprint(policy)}`;
}

export async function runRebuild(options: RebuildOptions): Promise<RebuildResult> {
  const now = options.now ?? Date.now;
  const { backend, database } = options;
  await ensureTables(backend, database, options.target);
  const sink = createAnalyticsSink({ backend, database, thresholds: options.thresholds, cluster: options.cluster });
  const fold = new RebuildFold();
  const chunker = new EventChunker(options.source.label, options.chunkSize);
  const started = now();
  let eventsWritten = 0;
  const snapshot = () => {
    const counts = fold.counts();
    return { count: counts.messages, rejected: badTotal(counts), doneBytes: 0, totalBytes: null, elapsedMs: now() - started };
  };

  options.print(`Rebuilding from ${options.source.description} into ${options.target}, database ${database}; thresholds: ${describeThresholds(options.thresholds)}`);
  let read: Awaited<ReturnType<RebuildSource['read']>>;
  try {
    read = await options.source.read(async (messages) => {
      for (const message of messages) {
        const event = fold.add(message);
        const chunk = event ? chunker.add(event) : null;
        if (chunk) eventsWritten += await sink.writeEvents(chunk.events, chunk.token);
      }
      options.progress.update(snapshot());
    });
    for (const chunk of chunker.finish(read.endOffsets)) eventsWritten += await sink.writeEvents(chunk.events, chunk.token);
  } finally {
    options.progress.done();
  }
  for (const warning of read.warnings) options.warn(`warning: ${warning}`);

  const plan = planConversationWrites(fold.conversationsByPartition(), { source: options.source.label, endOffsets: read.endOffsets, thresholds: options.thresholds, chunkSize: options.chunkSize });
  for (const chunk of plan) await sink.writeConversations(chunk.conversations, chunk.token);

  const check = await verify(options, plan, sink, now);
  const counts = fold.counts();
  const live = plan.reduce((n, c) => n + c.live, 0);
  const erased = plan.reduce((n, c) => n + c.erased, 0);
  const dialogues = plan.reduce((n, c) => n + c.dialogues.length, 0);
  const bad = Object.entries(counts.bad).map(([reason, n]) => `${reason} ${n}`);
  const ends = [...read.endOffsets].map(([p, end]) => `${p}:${end}`).join(' ');

  options.print(`  partitions         ${read.endOffsets.size} (end offsets ${ends || 'none'})`);
  options.print(`  messages read      ${formatCount(counts.messages)}`);
  options.print(`  events folded      ${formatCount(counts.folded)} (${formatCount(counts.duplicates)} redelivered duplicate(s) skipped)`);
  options.print(`  bad messages       ${formatCount(badTotal(counts))}${bad.length > 0 ? ` (${bad.join(', ')}), not written` : ''}`);
  options.print(`  conversations      ${formatCount(live + erased)} (${formatCount(live)} live, ${formatCount(erased)} erased)`);
  options.print(`  rows written       call_events ${formatCount(eventsWritten)}, conversations ${formatCount(live)}, dialogues ${formatCount(dialogues)}, erasures ${formatCount(erased)}`);
  options.print(
    `  verified           ${formatCount(check.matching)} dialogue row(s) served as derived${check.newer > 0 ? `, ${formatCount(check.newer)} newer in ClickHouse (written since by the writer)` : ''}${check.rewritten > 0 ? `, ${formatCount(check.rewritten)} rewritten after a dropped insert` : ''}`,
  );
  options.print(`Rebuild done in ${formatDuration(now() - started)}.`);
  return {
    messages: counts.messages,
    folded: counts.folded,
    duplicates: counts.duplicates,
    bad: counts.bad as Record<string, number>,
    conversations: live + erased,
    erased,
    eventsWritten,
    dialogues,
    verified: check.matching,
    newer: check.newer,
    rewritten: check.rewritten,
  };
}

const VERIFY_BATCH = 5_000;

async function storedDialogues(backend: ClickHouseBackend, database: string, ids: readonly string[]): Promise<StoredDialogue[]> {
  const out: StoredDialogue[] = [];
  for (let i = 0; i < ids.length; i += VERIFY_BATCH) {
    const slice = ids.slice(i, i + VERIFY_BATCH);
    out.push(
      ...(await backend.query<StoredDialogue>(`SELECT ${VERIFIED_COLUMNS.join(', ')} FROM ${database}.dialogues FINAL WHERE conversation_id IN {ids:Array(String)}`, {
        params: { ids: slice },
      })),
    );
  }
  return out;
}

/**
 * Reads the dialogue rows back. A row missing or different at the same version means an insert
 * was dropped as a duplicate (same token used for other data within the deduplication window):
 * those conversations are written once more with a one-off token, then checked again.
 */
async function verify(options: RebuildOptions, plan: readonly ConversationChunk[], sink: ReturnType<typeof createAnalyticsSink>, now: () => number) {
  let matching = 0;
  let newer = 0;
  let rewritten = 0;
  for (const chunk of plan) {
    if (chunk.dialogues.length === 0) continue;
    const ids = chunk.dialogues.map((d) => d.conversation_id);
    let check = checkDialogues(chunk.dialogues, await storedDialogues(options.backend, options.database, ids));
    if (check.mismatched.length > 0) {
      const again = new Set(check.mismatched);
      await sink.writeConversations(
        chunk.conversations.filter((c) => again.has(c.conversationId)),
        `${chunk.token}:rewrite:${now()}`,
      );
      rewritten += again.size;
      check = checkDialogues(chunk.dialogues, await storedDialogues(options.backend, options.database, ids));
      if (check.mismatched.length > 0) {
        throw new CliError(`after writing, ${check.mismatched.length} dialogue row(s) still differ from the rebuild, e.g. ${check.mismatched.slice(0, 3).join(', ')}`);
      }
    }
    matching += check.matching;
    newer += check.newer;
  }
  return { matching, newer, rewritten };
}
