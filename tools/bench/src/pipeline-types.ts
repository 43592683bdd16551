import { type ClickHouseBackend } from '@callfold/clickhouse';
import { type KafkaSettings, type Logger, type LogLevel, type RegistryClient } from '@callfold/kafka';
import { type BackendTrace, type ClientTrace } from './instrument';
import { type ProfileSummary } from './profile';

/**
 * The shapes the bench's pipeline code shares (pipeline.ts in this process, remote-pipeline.ts
 * and service.child.ts across processes), in a file that imports none of them.
 */
/** One bench pipeline's names: fresh topics, groups and database, so runs never see each other's data. */
export interface PipelineNames {
  readonly topics: { readonly callEvents: string; readonly conversations: string; readonly deadLetters: string };
  readonly projectorGroup: string;
  readonly writerGroup: string;
  readonly transactionalId: string;
  readonly database: string;
}

export function pipelineNames(runId: string, label: string): PipelineNames {
  const base = `bench.${runId}.${label}`;
  return {
    topics: { callEvents: `${base}.call-events`, conversations: `${base}.conversations`, deadLetters: `${base}.dead-letters` },
    projectorGroup: `${base}.projector`,
    writerGroup: `${base}.writer`,
    transactionalId: `${base}.projector.0`,
    database: `bench_${runId.replace(/\W/g, '_')}_${label}`,
  };
}

export interface PipelineContext {
  readonly settings: KafkaSettings;
  readonly registry: RegistryClient;
  readonly engine: ClickHouseBackend;
  readonly logger: Logger;
  readonly partitions: number;
  /** Warnings and errors the services logged so far, by message (kafkajs retries show up here). */
  readonly logged: Map<string, number>;
  /** The services' log level, and where a service child's log lines go (the run's services.log). */
  readonly logLevel: LogLevel;
  readonly writeLog: (line: string, level: LogLevel) => void;
  /** `processes`: each service in its own child process, as in production; `in-process`: both in the bench's process. */
  readonly mode: PipelineMode;
  /** tmp/bench/<run>: the service children's chdb directories and profiles go here. */
  readonly runDir: string;
}

export type PipelineMode = 'processes' | 'in-process';

export type ProfileResult = { readonly label: string; readonly summary: ProfileSummary };

export interface RunningPipeline {
  readonly projectorTrace: ClientTrace;
  readonly writerTrace: ClientTrace;
  readonly backendTrace: BackendTrace;
  readonly startedAt: number;
  /** Warnings and errors logged before the pipeline started (to count only its own). */
  readonly loggedBefore: ReadonlyMap<string, number>;
  readonly context: PipelineContext;
  /** The service children (none in-process): their CPU time counts as the pipeline's. */
  readonly serviceProcesses: readonly { label: string; pid: number }[];
  projectorCounters(): Record<string, unknown>;
  writerStats(): Record<string, unknown>;
  /** Event-loop utilisation of each service's main thread, where it has its own (processes mode). */
  serviceEventLoopUtilization(): Record<string, number> | null;
  /** Fetches the children's counters (no-op in-process); call before reading them. */
  refresh(): Promise<void>;
  /** A query against the writer's ClickHouse (its database, its engine). */
  query<Row>(sql: string): Promise<Row[]>;
  /** CPU profiles of the services' main threads (one per process) from now until `stopProfiles`. */
  startProfiles(): Promise<void>;
  stopProfiles(label: string): Promise<ProfileResult[]>;
  /** Both services finish their batch, commit and leave their groups. */
  stop(): Promise<void>;
  /** Releases the children and their ClickHouse (after `stop`, the counts and `LoadWatch.stop`). */
  close(): Promise<void>;
}

/** What the phases want to hear of, as it happens (the clock is this process's `performance.now()`). */
export interface PipelineHooks {
  /** Every offset commit of the writer (after its inserts were acknowledged). */
  readonly writerCommit?: ClientTrace['onCommit'];
  readonly projectorBatchCommitted?: ClientTrace['onBatchCommitted'];
  readonly writerBatchCommitted?: ClientTrace['onBatchCommitted'];
  /** (conversation_id, version) of every acknowledged `dialogues` insert, and when it was acknowledged. */
  readonly dialoguesInserted?: (rows: readonly (readonly [string, number])[], at: number) => void;
}

