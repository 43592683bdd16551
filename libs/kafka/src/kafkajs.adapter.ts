import { readFileSync } from 'node:fs';
import { type ConnectionOptions } from 'node:tls';
import { Kafka, type KafkaConfig, logLevel as KafkaLogLevel, type Message, Partitioners, type SASLOptions, type logCreator } from 'kafkajs';
import { describeKafkaSettings, type KafkaSettings } from './kafka.config';
import { createSilentLogger, type Logger } from './logger';
import { createKafkaJsConsumerEngine } from './kafkajs.consumer';
import { readPartitionsWithKafkaJs } from './kafkajs.partition-reader';
import { type KafkaAdmin, type KafkaClient, type MessageProducer, type OutboundRecord, type Transaction, type TransactionalProducer } from './kafka.port';

export interface KafkaClientOptions {
  readonly logger?: Logger;
  /** kafkajs' own log level; its INFO is chatty (every join), so WARN by default. */
  readonly kafkaLogLevel?: 'error' | 'warn' | 'info' | 'debug';
}

const LEVELS = { error: KafkaLogLevel.ERROR, warn: KafkaLogLevel.WARN, info: KafkaLogLevel.INFO, debug: KafkaLogLevel.DEBUG } as const;

/** kafkajs' text for CONCURRENT_TRANSACTIONS (node_modules/kafkajs/src/protocol/error.js, code 51). */
const CONCURRENT_TRANSACTIONS = 'another concurrent operation on the same transaction was ongoing';

/**
 * The level a kafkajs log line gets in our logger. kafkajs logs every error response at ERROR
 * before its retrier retries, including CONCURRENT_TRANSACTIONS, which the broker answers by
 * design while the previous transaction's markers are being written (the Java producer retries
 * it silently, KAFKA-5482): twice per occurrence ("Response AddPartitionsToTxn" from the
 * connection, "Failed to send messages" from the producer). That one is demoted to debug; if it
 * never clears, the send fails and our processor logs the failure.
 */
export function kafkaJsLogLevel(level: KafkaLogLevel, message: string, fields: Readonly<Record<string, unknown>>): 'error' | 'warn' | 'info' | 'debug' {
  if (level === KafkaLogLevel.ERROR) {
    const expectedRetry = message.includes(CONCURRENT_TRANSACTIONS) || (typeof fields['error'] === 'string' && fields['error'].includes(CONCURRENT_TRANSACTIONS));
    return expectedRetry ? 'debug' : 'error';
  }
  if (level === KafkaLogLevel.WARN) return 'warn';
  if (level === KafkaLogLevel.INFO) return 'info';
  return 'debug';
}

/** Routes kafkajs' logs into our logger, under `<ns>.kafkajs.<its namespace>`. */
function logCreatorFor(logger: Logger): logCreator {
  const base = logger.child('kafkajs');
  return () => ({ namespace, level, log }) => {
    const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
    const target = namespace ? base.child(namespace) : base;
    target[kafkaJsLogLevel(level, message, fields)](message, fields);
  };
}

/**
 * Retry of the transactional producer's sends, which is where kafkajs retries the first
 * AddPartitionsToTxn of a transaction that the broker answered with CONCURRENT_TRANSACTIONS
 * (the previous transaction's markers are still being written, a few ms). kafkajs' default
 * first wait is 300 ms, paid on most transactions under load; the Java producer waits 20 ms
 * (TransactionManager ADD_PARTITIONS_RETRY_BACKOFF_MS, KAFKA-5482). `retries` stays unbounded
 * as kafkajs' idempotent default: a bounded count would make it warn that EoS may break.
 */
export const TRANSACTIONAL_SEND_RETRY = { initialRetryTime: 20, retries: Number.MAX_SAFE_INTEGER } as const;

/** The first offsets-only request of a transaction (AddOffsetsToTxn) gets the same short retry, once kafkajs gave up (it has no retrier there). */
const SEND_OFFSETS_RETRIES = 8;

function isConcurrentTransactions(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'CONCURRENT_TRANSACTIONS';
}

const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt`, retrying on CONCURRENT_TRANSACTIONS after 20, 40, 80 ... ms (8 times at most). */
export async function retryConcurrentTransactions<T>(attempt: () => Promise<T>, sleep: (ms: number) => Promise<void> = sleepMs): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConcurrentTransactions(error) || retry >= SEND_OFFSETS_RETRIES) throw error;
      await sleep(TRANSACTIONAL_SEND_RETRY.initialRetryTime * 2 ** retry);
    }
  }
}

function tlsOptions(settings: KafkaSettings): ConnectionOptions | undefined {
  const { tls } = settings;
  if (!tls) return undefined;
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.caPath ? { ca: [readFileSync(tls.caPath, 'utf8')] } : {}),
    ...(tls.certPath ? { cert: readFileSync(tls.certPath, 'utf8') } : {}),
    ...(tls.keyPath ? { key: readFileSync(tls.keyPath, 'utf8') } : {}),
  };
}

export function toKafkaJsConfig(settings: KafkaSettings, options: KafkaClientOptions = {}): KafkaConfig {
  const logger = options.logger ?? createSilentLogger();
  const { sasl } = settings;
  return {
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    ssl: tlsOptions(settings),
    sasl: sasl ? ({ mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as SASLOptions) : undefined,
    logLevel: LEVELS[options.kafkaLogLevel ?? 'warn'],
    logCreator: logCreatorFor(logger),
  };
}

/** kafkajs only reads a message's headers (protocol/recordBatch/record), so records sharing one headers object pass it as it is. */
function toMessage(record: OutboundRecord): Message {
  return { key: record.key, value: record.value, headers: record.headers, partition: record.partition };
}

function groupByTopic(offsets: readonly { topic: string; partition: number; offset: string }[]) {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of offsets) topics.set(topic, [...(topics.get(topic) ?? []), { partition, offset }]);
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

/**
 * The one kafkajs instance of a process. Producers are idempotent with one request in flight:
 * kafkajs only keeps order across retries that way (its idempotent producer tracks one
 * sequence window per partition, https://kafka.js.org/docs/producing#options).
 * The default partitioner is the Java-compatible murmur2 one, so a key lands on the same
 * partition whichever client produced it (co-partitioning of events and conversations).
 */
export function createKafkaClient(settings: KafkaSettings, options: KafkaClientOptions = {}): KafkaClient {
  const logger = options.logger ?? createSilentLogger();
  const kafka = new Kafka(toKafkaJsConfig(settings, { ...options, logger }));
  const partitioner = Partitioners.DefaultPartitioner;

  return {
    description: describeKafkaSettings(settings),
    producer(producerOptions = {}): MessageProducer {
      const producer = kafka.producer({
        createPartitioner: partitioner,
        idempotent: producerOptions.idempotent ?? true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      return {
        connect: () => producer.connect(),
        disconnect: () => producer.disconnect(),
        send: async (topic, records) => {
          await producer.send({ topic, acks: -1, messages: records.map(toMessage) });
        },
      };
    },
    transactionalProducer({ transactionalId, transactionTimeoutMs }): TransactionalProducer {
      const producer = kafka.producer({
        createPartitioner: partitioner,
        transactionalId,
        transactionTimeout: transactionTimeoutMs ?? 60_000,
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: TRANSACTIONAL_SEND_RETRY,
      });
      return {
        connect: () => producer.connect(),
        disconnect: () => producer.disconnect(),
        transaction: async (): Promise<Transaction> => {
          const txn = await producer.transaction();
          return {
            send: async (topic, records) => {
              await txn.send({ topic, acks: -1, messages: records.map(toMessage) });
            },
            // AddOffsetsToTxn is not retried by kafkajs; when it is the transaction's first
            // request (no outputs), it meets CONCURRENT_TRANSACTIONS like AddPartitionsToTxn does.
            sendOffsets: (groupId, offsets) => retryConcurrentTransactions(() => txn.sendOffsets({ consumerGroupId: groupId, topics: groupByTopic(offsets) })),
            commit: () => txn.commit(),
            abort: () => txn.abort(),
          };
        },
      };
    },
    consumer: (consumerOptions) => createKafkaJsConsumerEngine(kafka, consumerOptions, logger.child('consumer')),
    readPartitions: (request) => readPartitionsWithKafkaJs(kafka, request, logger.child('partition-reader')),
    admin(): KafkaAdmin {
      const admin = kafka.admin();
      return {
        connect: () => admin.connect(),
        disconnect: () => admin.disconnect(),
        createTopics: async (topics) => {
          // Existing topics are left out first: kafkajs logs TOPIC_ALREADY_EXISTS as an ERROR
          // (then ignores it), which would make every idempotent start-up look broken.
          const existing = new Set(await admin.listTopics());
          const missing = topics.filter(({ topic }) => !existing.has(topic));
          if (missing.length === 0) return;
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map(({ topic, partitions, config }) => ({
              topic,
              numPartitions: partitions,
              configEntries: Object.entries(config ?? {}).map(([name, value]) => ({ name, value })),
            })),
          });
        },
        committedOffsets: async (groupId, topic) => {
          const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return (entry?.partitions ?? []).map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition);
        },
        endOffsets: async (topic) =>
          (await admin.fetchTopicOffsets(topic)).map(({ partition, high, low }) => ({ partition, offset: high, logStart: low })).sort((a, b) => a.partition - b.partition),
      };
    },
  };
}
