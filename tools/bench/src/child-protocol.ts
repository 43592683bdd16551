import { type LogLevel } from '@callfold/kafka';
import { type PipelineNames } from './pipeline-types';
import { type ProfileSummary } from './profile';

/**
 * What the bench and a service child say to each other over the IPC channel (`child_process.fork`,
 * advanced serialization).
 * Times cross the process boundary as epoch milliseconds with a fraction (`performance.timeOrigin +
 * performance.now()`), which both processes read from the same clock; the parent turns them back
 * into its own `performance.now()`.
 */
export type ServiceRole = 'projector' | 'writer';

export interface ChildInit {
  readonly type: 'init';
  readonly role: ServiceRole;
  readonly names: PipelineNames;
  readonly partitions: number;
  /** Where the writer's embedded ClickHouse keeps its files (unused with a ClickHouse server). */
  readonly chdbPath: string;
  /** Send the record timestamps of every committed batch (latency hops); off for the backlog. */
  readonly batchTimestamps: boolean;
  /** Send the (conversation id, version) of every acknowledged `dialogues` insert. */
  readonly dialogueRows: boolean;
  readonly logLevel: LogLevel;
}

export type ParentMessage =
  | ChildInit
  | { readonly type: 'start' }
  | { readonly type: 'query'; readonly id: number; readonly sql: string }
  | { readonly type: 'snapshot'; readonly id: number }
  | { readonly type: 'profile-start'; readonly id: number }
  | { readonly type: 'profile-stop'; readonly id: number; readonly file: string }
  | { readonly type: 'stop'; readonly id: number }
  | { readonly type: 'close' };

export interface ChildSnapshot {
  readonly counters: Record<string, unknown>;
  /** Event-loop utilisation of the child's main thread since the service started. */
  readonly eventLoopUtilization: number;
}

export type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'started'; readonly at: number }
  | { readonly type: 'joined'; readonly at: number }
  | { readonly type: 'batch'; readonly messages: number; readonly handlerMs: number; readonly at: number }
  | { readonly type: 'commit'; readonly topic: string; readonly partition: number; readonly next: number; readonly at: number }
  | { readonly type: 'batch-committed'; readonly topic: string; readonly timestamps: Float64Array; readonly at: number }
  | { readonly type: 'txn'; readonly ms: number; readonly commitMs: number; readonly records: number }
  | { readonly type: 'spent'; readonly what: string; readonly ms: number; readonly rows: number }
  | { readonly type: 'dialogues'; readonly rows: readonly (readonly [string, number])[]; readonly at: number }
  | { readonly type: 'log'; readonly line: string; readonly level: LogLevel }
  | { readonly type: 'reply'; readonly id: number; readonly result?: unknown; readonly error?: string }
  | { readonly type: 'fatal'; readonly error: string };

export type ReplyPayload = { readonly snapshot: ChildSnapshot } | { readonly rows: unknown[] } | { readonly profile: ProfileSummary } | Record<string, never>;

export const epochNow = (): number => performance.timeOrigin + performance.now();
