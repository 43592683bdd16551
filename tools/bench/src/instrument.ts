import { type ClickHouseBackend } from '@callfold/clickhouse';
import { type BatchControl, type ConsumerEngine, type FetchedBatch, type KafkaClient, type Transaction, type TransactionalProducer } from '@callfold/kafka';

/**
 * Observation without modification: the services get these wrappers as their dependencies (the
 * Kafka client, the ClickHouse backend) and behave exactly as in production, while the bench
 * learns when offsets were committed, how big batches were and where wall time went. Nothing
 * here changes what the services do or when.
 */
export interface Committed {
  /** Next offset to read (last processed + 1), per `topic:partition`. */
  readonly next: Map<string, number>;
  /** performance.now() of the latest commit. */
  at: number;
}

export interface ConsumerTrace {
  firstBatchAt: number | undefined;
  joinedAt: number | undefined;
  batches: number;
  messages: number;
  /** Wall time inside the service's batch handler, commit included. */
  handlerMs: number;
  /** The offsets this consumer's service committed: through its transactions, or through its batch control. */
  committed: Committed;
}

export interface ClientTrace {
  readonly consumers: ConsumerTrace[];
  /** Transactions committed, their wall time from begin to committed, records sent in them. */
  readonly transactions: { count: number; ms: number; records: number; commitMs: number };
  /** Called with every commit (group offsets or transactional offsets) once it is durable. */
  onCommit?: (topic: string, partition: number, next: number, at: number) => void;
  /** Called after a batch whose handling moved its partition's committed offset: `at` is when that commit completed. */
  onBatchCommitted?: (batch: FetchedBatch, at: number) => void;
  /** Called after every batch handled: its size and the wall time inside the service's handler. */
  onBatch?: (messages: number, handlerMs: number, at: number) => void;
  /** Called when a consumer of this client first joined its group. */
  onJoined?: (at: number) => void;
  /** Called after every committed transaction. */
  onTransaction?: (ms: number, commitMs: number, records: number) => void;
}

const keyOf = (topic: string, partition: number) => `${topic}:${partition}`;

function recordCommit(trace: ClientTrace, committed: Committed, topic: string, partition: number, next: number): void {
  const at = performance.now();
  const key = keyOf(topic, partition);
  committed.next.set(key, Math.max(committed.next.get(key) ?? 0, next));
  committed.at = at;
  trace.onCommit?.(topic, partition, next, at);
}

export function traceClient(client: KafkaClient): { client: KafkaClient; trace: ClientTrace } {
  const trace: ClientTrace = { consumers: [], transactions: { count: 0, ms: 0, records: 0, commitMs: 0 } };
  // Transactional offsets are attributed to the consumer of the same client (one per service).
  const txnCommitted: Committed = { next: new Map(), at: 0 };

  const wrapped: KafkaClient = {
    description: client.description,
    producer: (options) => client.producer(options),
    admin: () => client.admin(),
    readPartitions: (request) => client.readPartitions(request),
    transactionalProducer(options): TransactionalProducer {
      const producer = client.transactionalProducer(options);
      return {
        connect: () => producer.connect(),
        disconnect: () => producer.disconnect(),
        async transaction(): Promise<Transaction> {
          const began = performance.now();
          const txn = await producer.transaction();
          let records = 0;
          let offsets: readonly { topic: string; partition: number; offset: string }[] = [];
          return {
            send: (topic, sent) => {
              records += sent.length;
              return txn.send(topic, sent);
            },
            sendOffsets: (groupId, given) => {
              offsets = given;
              return txn.sendOffsets(groupId, given);
            },
            abort: () => txn.abort(),
            async commit() {
              const commitStarted = performance.now();
              await txn.commit();
              const now = performance.now();
              trace.transactions.count += 1;
              trace.transactions.ms += now - began;
              trace.transactions.commitMs += now - commitStarted;
              trace.transactions.records += records;
              trace.onTransaction?.(now - began, now - commitStarted, records);
              for (const o of offsets) recordCommit(trace, txnCommitted, o.topic, o.partition, Number(o.offset));
            },
          };
        },
      };
    },
    consumer(options): ConsumerEngine {
      const engine = client.consumer(options);
      const consumer: ConsumerTrace = { firstBatchAt: undefined, joinedAt: undefined, batches: 0, messages: 0, handlerMs: 0, committed: txnCommitted };
      // A plain (non-transactional) consumer commits through its batch control: its own record.
      let own: Committed | undefined;
      trace.consumers.push(consumer);
      return {
        stop: () => engine.stop(),
        start: (handler, events) =>
          engine.start(
            async (batch, control) => {
              const began = performance.now();
              // Control-record-only fetches (a trailing transaction marker) arrive as empty batches: not counted as work.
              const counted = batch.messages.length > 0;
              if (counted) {
                consumer.firstBatchAt ??= began;
                consumer.batches += 1;
                consumer.messages += batch.messages.length;
              }
              const traced: BatchControl = {
                ...control,
                commit: async (nextOffset) => {
                  await control.commit(nextOffset);
                  if (!own) {
                    own = { next: new Map(), at: 0 };
                    consumer.committed = own;
                  }
                  recordCommit(trace, own, batch.topic, batch.partition, Number(nextOffset));
                },
              };
              const key = keyOf(batch.topic, batch.partition);
              const before = consumer.committed.next.get(key) ?? -1;
              try {
                await handler(batch, traced);
              } finally {
                const ended = performance.now();
                consumer.handlerMs += ended - began;
                if (counted) trace.onBatch?.(batch.messages.length, ended - began, ended);
              }
              if ((consumer.committed.next.get(key) ?? -1) > before) trace.onBatchCommitted?.(batch, consumer.committed.at);
            },
            {
              onGroupJoin: (assignment) => {
                if (consumer.joinedAt === undefined) {
                  consumer.joinedAt = performance.now();
                  trace.onJoined?.(consumer.joinedAt);
                }
                events.onGroupJoin(assignment);
              },
              onRebalancing: () => events.onRebalancing(),
              onCrash: (error, restarting) => events.onCrash(error, restarting),
            },
          ),
      };
    },
  };
  return { client: wrapped, trace };
}

/**
 * The rows of an acknowledged insert, as the sink sent them: objects, or value arrays in the order
 * of `columns`. Read only where needed: converting every row of every insert would be the bench's
 * own CPU spent inside the service it measures.
 */
export interface InsertedRows {
  readonly rows: readonly object[];
  readonly columns?: readonly string[];
}

/** (conversation_id, version) of each inserted `dialogues` row: what the latency phase needs. */
export function dialogueVersions({ rows, columns }: InsertedRows): (readonly [string, number])[] {
  if (!columns) return (rows as readonly Readonly<Record<string, unknown>>[]).map((r) => [String(r['conversation_id']), Number(r['version'])] as const);
  const id = columns.indexOf('conversation_id');
  const version = columns.indexOf('version');
  return (rows as readonly (readonly unknown[])[]).map((r) => [String(r[id]), Number(r[version])] as const);
}

export interface BackendTrace {
  /** Wall ms and calls per `insert <table>` / `query`. */
  readonly spent: Map<string, { calls: number; ms: number; rows: number }>;
  /** Called when an insert was acknowledged (its rows are visible to queries from then on). */
  onInserted?: (table: string, inserted: InsertedRows, at: number) => void;
  /** Called after every call with what `spent` adds up. */
  onSpent?: (what: string, ms: number, rows: number) => void;
}

/** The engine shared by the bench and the writer: timed, and never closed by the writer (the bench owns it). */
export function traceBackend(engine: ClickHouseBackend): { backend: ClickHouseBackend; trace: BackendTrace } {
  const trace: BackendTrace = { spent: new Map() };
  const add = (what: string, since: number, rows: number) => {
    const entry = trace.spent.get(what) ?? { calls: 0, ms: 0, rows: 0 };
    const ms = performance.now() - since;
    entry.calls += 1;
    entry.ms += ms;
    trace.onSpent?.(what, ms, rows);
    entry.rows += rows;
    trace.spent.set(what, entry);
  };
  const backend: ClickHouseBackend = {
    kind: engine.kind,
    description: engine.description,
    close: async () => undefined,
    ping: () => engine.ping(),
    async command(sql, options) {
      const since = performance.now();
      try {
        return await engine.command(sql, options);
      } finally {
        add('command', since, 0);
      }
    },
    async query<Row>(sql: string, options?: Parameters<ClickHouseBackend['query']>[1]): Promise<Row[]> {
      const since = performance.now();
      let rows = 0;
      try {
        const result = await engine.query<Row>(sql, options);
        rows = result.length;
        return result;
      } finally {
        add('query', since, rows);
      }
    },
    async insert(table, rows, options) {
      const since = performance.now();
      try {
        const result = await engine.insert(table, rows, options);
        trace.onInserted?.(table, { rows, ...(options?.columns ? { columns: options.columns } : {}) }, performance.now());
        return result;
      } finally {
        add(`insert ${table.split('.').pop()}`, since, rows.length);
      }
    },
  };
  return { backend, trace };
}
