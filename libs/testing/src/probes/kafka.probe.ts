import { Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig } from '../clients/kafka.client';
import { type KafkaEnv } from '../env/service-env';
import { errorText, type ProbeResult } from './probe.types';

export interface KafkaProbeOptions {
  readonly kafka: KafkaEnv;
  /**
   * Also make the broker create its consumer-offsets and transaction-state topics. A fresh
   * broker creates them on first use and answers "coordinator not available/loading" until
   * they exist, which kafkajs logs as errors in the first test that touches a group.
   */
  readonly warm?: boolean;
}

const WARMUP_ID = 'callfold-stack-warmup';
/** How long the warm-up may wait out a broker still loading its coordinators. */
const WARMUP_DEADLINE_MS = 90_000;

async function warmOnce(kafka: KafkaEnv): Promise<void> {
  // Default retries here: waiting out "coordinator loading" is the point.
  const client = new Kafka(kafkaClientConfig({ kafka, clientSuffix: 'warmup', logLevel: logLevel.NOTHING, retries: 10 }));
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.describeGroups([WARMUP_ID]);
  } finally {
    await admin.disconnect();
  }
  // kafkajs initialises the producer id on connect, which needs the transaction coordinator.
  const producer = client.producer({ transactionalId: WARMUP_ID, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.disconnect();
}

/**
 * A restarted broker loads its coordinator partitions in the background, and on busy cores that
 * outlasts kafkajs' own retries: describeGroups then fails with NOT_COORDINATOR ("This is not the
 * correct coordinator for this group"), which kafkajs' admin does not retry with a fresh
 * coordinator lookup. Every such answer is transient, so the whole warm-up is tried again until
 * the deadline; only then is the broker reported as not ready.
 */
async function warmCoordinators(kafka: KafkaEnv, deadlineMs = WARMUP_DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      await warmOnce(kafka);
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** One quick attempt: connect, describe the cluster, optionally warm the coordinators. */
export async function probeKafka(options: KafkaProbeOptions): Promise<ProbeResult> {
  const client = new Kafka(kafkaClientConfig({ kafka: options.kafka, clientSuffix: 'probe', logLevel: logLevel.NOTHING, connectionTimeoutMs: 3000, retries: 0 }));
  const admin = client.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (options.warm) await warmCoordinators(options.kafka);
    return { ok: true, detail: `cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s) at ${options.kafka.brokers.join(',')}` };
  } catch (error) {
    return { ok: false, reason: `kafka at ${options.kafka.brokers.join(',')}: ${errorText(error)}` };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
