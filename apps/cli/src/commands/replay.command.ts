import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { encodeCallEvent, standaloneSchema, Topics } from '@callfold/contracts';
import { frame, type KafkaAdmin, type MessageProducer, type OutboundRecord, type RegistryClient } from '@callfold/kafka';
import { CliError, messageOf } from '../cli/cli-error';
import { type FlagSpecs } from '../cli/flags';
import { eventsPerSecond, formatCount, formatDuration, type ProgressReporter } from '../io/progress';
import { fetchEndOffsets } from '../io/topic-reader';
import {
  batchSizeFor,
  classifyLine,
  emptyTally,
  formatRejection,
  type LineRejection,
  pacingDelayMs,
  type ReplayTally,
  tallyLine,
  tallyProduced,
} from './replay.lines';

export const DEFAULT_REPLAY_BATCH = 500;

export const replayFlags = {
  input: { type: 'string', value: 'FILE', description: 'events in the contract JSON form, one per line (required)' },
  topic: { type: 'string', value: 'TOPIC', description: `topic to produce to (default ${Topics.callEvents})` },
  rate: { type: 'number', value: 'N', min: 0.001, description: 'at most N events per second on average (default: as fast as the broker acknowledges)' },
  'batch-size': { type: 'integer', value: 'N', min: 1, description: `events per produce request (default ${DEFAULT_REPLAY_BATCH})` },
  strict: { type: 'boolean', description: 'validate the whole file first; any rejected line fails the run and nothing is produced' },
  'progress-interval': { type: 'number', value: 'SECONDS', min: 0.1, description: 'seconds between progress lines when stderr is not a terminal (default 5)' },
} as const satisfies FlagSpecs;

export const replayHelp = `callfold replay --input FILE.ndjson [--topic T] [--rate N] [--batch-size N] [--strict]

Backfills call events from a file: one event per line in the contract's JSON form (the form of
test/fixtures/*.ndjson). Each line is validated against the contract; a bad line is rejected
with its line number and every reason (on stderr), counted, and never produced. Valid events are
Avro-encoded with the CallEvent schema registered under <topic>-value (Confluent wire format)
and produced keyed by conversationId, in file order, through an idempotent producer, in batches.

Progress goes to stderr: a bar on a terminal, a plain line every --progress-interval seconds
otherwise. The summary goes to stdout.

Exit code 0 when the file was produced (rejected lines are reported and counted), 1 when
producing failed or, with --strict, when any line was rejected (then nothing is produced).`;

export interface ReplayOptions {
  readonly input: string;
  readonly topic: string;
  /** Registry subject of the CallEvent schema (TopicNameStrategy: `<topic>-value`). */
  readonly subject: string;
  readonly rate?: number;
  readonly batchSize: number;
  readonly strict: boolean;
  readonly producer: MessageProducer;
  /** Checks the topic exists before anything is produced. */
  readonly admin: Pick<KafkaAdmin, 'connect' | 'disconnect' | 'endOffsets'>;
  readonly registry: Pick<RegistryClient, 'register'>;
  readonly progress: ProgressReporter;
  readonly print: (line: string) => void;
  readonly warn: (line: string) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ReplayResult {
  readonly tally: ReplayTally;
  readonly schemaId: number;
  readonly batches: number;
  readonly rejections: readonly LineRejection[];
}

interface ReadLine {
  readonly line: number;
  readonly text: string;
}

/**
 * Lines of the file with their numbers, and how many bytes of it were handed out so far (for
 * progress; the stream itself reads ahead). The file is opened on the first iteration, not
 * before: readline drops the lines it emits before an iterator is attached.
 */
function openLines(file: string): { lines: AsyncIterable<ReadLine>; bytesDone: () => number } {
  let done = 0;
  async function* lines(): AsyncGenerator<ReadLine> {
    const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let line = 0;
    for await (const text of reader) {
      line += 1;
      done += Buffer.byteLength(text, 'utf8') + 1;
      yield { line, text };
    }
  }
  return { lines: lines(), bytesDone: () => done };
}

function fileSize(file: string): number {
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new CliError(`--input ${file} is not a file`);
    return stats.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read --input ${file}: ${messageOf(error)}`);
  }
}

export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const totalBytes = fileSize(options.input);
  const rejections: LineRejection[] = [];
  const reject = (rejection: LineRejection) => {
    rejections.push(rejection);
    options.progress.done(); // clears a bar drawn on the same terminal line; the next update redraws it
    options.warn(formatRejection(options.input, rejection));
  };

  if (options.strict) {
    const { lines } = openLines(options.input);
    let tally = emptyTally;
    for await (const { line, text } of lines) {
      const result = classifyLine(text, line);
      tally = tallyLine(tally, result);
      if (result.kind === 'rejected') reject(result.rejection);
    }
    if (tally.rejected > 0) {
      throw new CliError(`${options.input}: ${tally.rejected} of ${tally.lines} line(s) rejected; nothing produced (--strict)`);
    }
  }

  await fetchEndOffsets(options.admin, options.topic);
  const schemaId = await options.registry.register(options.subject, standaloneSchema('CallEvent'));
  const perBatch = batchSizeFor(options.batchSize, options.rate);
  const started = now();
  let tally = emptyTally;
  let batches = 0;
  let batch: OutboundRecord[] = [];
  const { lines, bytesDone } = openLines(options.input);
  const snapshot = () => ({ count: tally.produced, rejected: tally.rejected, doneBytes: Math.min(bytesDone(), totalBytes), totalBytes, elapsedMs: now() - started });

  const flush = async () => {
    if (batch.length === 0) return;
    await options.producer.send(options.topic, batch);
    tally = tallyProduced(tally, batch.length);
    batches += 1;
    batch = [];
    options.progress.update(snapshot());
    const wait = pacingDelayMs(tally.produced, now() - started, options.rate);
    if (wait > 0) await sleep(wait);
  };

  await options.producer.connect();
  try {
    for await (const { line, text } of lines) {
      let result = classifyLine(text, line);
      let value: Buffer | null = null;
      if (result.kind === 'event') {
        try {
          value = frame(schemaId, encodeCallEvent(result.event));
        } catch (error) {
          result = { kind: 'rejected', rejection: { line, reason: `cannot be Avro-encoded: ${messageOf(error)}` } };
        }
      }
      tally = tallyLine(tally, result);
      if (result.kind === 'rejected') {
        // Under --strict every line passed the first pass: one failing now was changed meanwhile or cannot be encoded.
        if (options.strict) throw new CliError(`${formatRejection(options.input, result.rejection)}; stopped after ${tally.produced} acknowledged event(s) (--strict)`);
        reject(result.rejection);
        options.progress.update(snapshot());
        continue;
      }
      if (result.kind === 'event' && value !== null) {
        batch.push({ key: result.event.conversationId, value });
        if (batch.length >= perBatch) await flush();
      }
    }
    await flush();
  } catch (error) {
    options.progress.done();
    if (error instanceof CliError) throw error;
    throw new CliError(`producing to ${options.topic} failed after ${tally.produced} acknowledged event(s) (line ${tally.lines}): ${messageOf(error)}`);
  } finally {
    await options.producer.disconnect();
  }
  options.progress.done();

  const elapsed = now() - started;
  options.print(
    `Replayed ${options.input} to ${options.topic}: ${formatCount(tally.produced)} event(s) produced in ${batches} batch(es) (schema id ${schemaId}), ` +
      `${formatCount(tally.rejected)} line(s) rejected, ${formatCount(tally.blank)} blank, in ${formatDuration(elapsed)} (${formatCount(eventsPerSecond(tally.produced, elapsed))} events/s).`,
  );
  return { tally, schemaId, batches, rejections };
}
