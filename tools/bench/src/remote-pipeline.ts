import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { type FetchedBatch } from '@callfold/kafka';
import { type ChildMessage, type ChildSnapshot, type ParentMessage, type ReplyPayload, type ServiceRole } from './child-protocol';
import { type BackendTrace, type ClientTrace, type ConsumerTrace } from './instrument';
import { ROOT } from './machine';
import { type PipelineContext, type PipelineHooks, type PipelineNames } from './pipeline-types';

/**
 * The parent's side of `--mode processes`: one child process per service (service.child.ts), as in
 * production, and the same traces as in-process observation, rebuilt from what the children report.
 * The phases read them exactly as they read the in-process ones.
 */
export interface ServiceChild {
  readonly role: ServiceRole;
  readonly process: ChildProcess;
  readonly trace: ClientTrace;
  request<T extends ReplyPayload>(message: DistributiveOmit<Extract<ParentMessage, { id: number }>, 'id'>): Promise<T>;
  /** Resolves once the child is initialised (the writer's migrations applied). */
  readonly ready: Promise<void>;
  start(): Promise<void>;
  snapshot: ChildSnapshot;
  close(): Promise<void>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const toLocal = (epochMs: number): number => epochMs - performance.timeOrigin;

function emptyConsumer(): ConsumerTrace {
  return { firstBatchAt: undefined, joinedAt: undefined, batches: 0, messages: 0, handlerMs: 0, committed: { next: new Map(), at: 0 } };
}

/** A FetchedBatch stand-in carrying what the hooks read: the topic and the record timestamps. */
function batchOf(topic: string, timestamps: Float64Array): FetchedBatch {
  return { topic, partition: -1, lastOffset: '-1', highWatermark: '-1', messages: Array.from(timestamps, (t) => ({ topic, partition: -1, offset: '-1', key: null, value: null, headers: {}, timestamp: String(t) })) };
}

export function forkService(options: {
  readonly role: ServiceRole;
  readonly context: PipelineContext;
  readonly names: PipelineNames;
  readonly chdbPath: string;
  readonly hooks: PipelineHooks;
  readonly backendTrace: BackendTrace;
}): ServiceChild {
  const { role, context, hooks } = options;
  const child = fork(join(__dirname, 'service.child.ts'), [], {
    execArgv: ['--enable-source-maps', '-r', join(ROOT, 'tools/stack/swc-register.cjs')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // The structured clone algorithm instead of JSON: record timestamps cross as a Float64Array,
    // so observing the children costs them (and the machine the bench measures) little CPU.
    serialization: 'advanced',
  });
  const consumer = emptyConsumer();
  const trace: ClientTrace = { consumers: [consumer], transactions: { count: 0, ms: 0, records: 0, commitMs: 0 } };
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | undefined;
  let onReady: (() => void) | undefined;
  let onStarted: (() => void) | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  let readyReject: (error: Error) => void = () => undefined;
  let startReject: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    readyReject = reject;
  });

  child.on('message', (message: ChildMessage) => {
    switch (message.type) {
      case 'ready':
        onReady?.();
        return;
      case 'started':
        onStarted?.();
        return;
      case 'joined':
        consumer.joinedAt ??= toLocal(message.at);
        return;
      case 'batch':
        consumer.firstBatchAt ??= toLocal(message.at) - message.handlerMs;
        consumer.batches += 1;
        consumer.messages += message.messages;
        consumer.handlerMs += message.handlerMs;
        return;
      case 'commit': {
        const at = toLocal(message.at);
        const key = `${message.topic}:${message.partition}`;
        consumer.committed.next.set(key, Math.max(consumer.committed.next.get(key) ?? 0, message.next));
        consumer.committed.at = at;
        (role === 'writer' ? hooks.writerCommit : undefined)?.(message.topic, message.partition, message.next, at);
        return;
      }
      case 'batch-committed':
        (role === 'writer' ? hooks.writerBatchCommitted : hooks.projectorBatchCommitted)?.(batchOf(message.topic, message.timestamps), toLocal(message.at));
        return;
      case 'txn':
        trace.transactions.count += 1;
        trace.transactions.ms += message.ms;
        trace.transactions.commitMs += message.commitMs;
        trace.transactions.records += message.records;
        return;
      case 'spent': {
        const entry = options.backendTrace.spent.get(message.what) ?? { calls: 0, ms: 0, rows: 0 };
        entry.calls += 1;
        entry.ms += message.ms;
        entry.rows += message.rows;
        options.backendTrace.spent.set(message.what, entry);
        return;
      }
      case 'dialogues':
        hooks.dialoguesInserted?.(message.rows, toLocal(message.at));
        return;
      case 'log':
        context.writeLog(message.line, message.level);
        return;
      case 'reply': {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error !== undefined) p?.reject(new Error(`${role} child: ${message.error}`));
        else p?.resolve(message.result as never);
        return;
      }
      case 'fatal': {
        const error = new Error(`${role} child failed: ${message.error}`);
        readyReject(error);
        startReject(error);
        failAll(error);
        return;
      }
      default: {
        const never: never = message;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  });
  child.on('exit', (code, signal) => {
    const error = new Error(`${role} child exited (code ${code}, signal ${signal})`);
    readyReject(error);
    startReject(error);
    failAll(error);
  });
  const post = (message: ParentMessage) => child.send(message);
  post({
    type: 'init',
    role,
    names: options.names,
    partitions: context.partitions,
    chdbPath: options.chdbPath,
    batchTimestamps: Boolean(hooks.projectorBatchCommitted ?? hooks.writerBatchCommitted),
    dialogueRows: Boolean(hooks.dialoguesInserted),
    logLevel: context.logLevel,
  });

  const service: ServiceChild = {
    role,
    process: child,
    trace,
    ready,
    snapshot: { counters: {}, eventLoopUtilization: 0 },
    request<T extends ReplyPayload>(message: DistributiveOmit<Extract<ParentMessage, { id: number }>, 'id'>): Promise<T> {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: never) => void, reject });
        post({ ...message, id } as ParentMessage);
      });
    },
    start() {
      return new Promise<void>((resolve, reject) => {
        onStarted = resolve;
        startReject = reject;
        post({ type: 'start' });
      });
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      post({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return service;
}

