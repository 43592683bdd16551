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

async function warmCoordinators(kafka: KafkaEnv): Promise<void> {
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
