/**
 * The latency phase's event source, on its own thread so that the services' work on the main
 * thread never delays a send (as real producers on other machines would not be delayed):
 * produces the first `count` events of the simulation at `rate` events/s. Event i is due at
 * t0 + i / rate; each tick sends everything due, so a slow send makes the next one bigger
 * rather than shifting the schedule. Ticks are at least LINGER_MS apart, as a Kafka producer
 * batches with linger.ms (5 ms, the Java producer's default since Kafka 4.0, KIP-1030:
 * https://cwiki.apache.org/confluence/display/KAFKA/KIP-1030); the wait counts against the
 * pipeline, since latency is measured from each event's due time. Records are generated and
 * encoded before t0.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createKafkaClient, type KafkaSettings, type OutboundRecord } from '@callfold/kafka';
import { createSimulation, type SimulationOptions } from '@callfold/simulator';
import { recordOf } from './workload';

export interface PacedProducerInput {
  readonly settings: KafkaSettings;
  readonly topic: string;
  readonly schemaId: number;
  readonly simulation: SimulationOptions;
  readonly count: number;
  readonly rate: number;
}

export type PacedProducerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly produced: number; readonly sends: number; readonly maxBehindMs: number };

/** Wall clock shared by threads: epoch ms with sub-millisecond precision. */
export const nowEpoch = () => performance.timeOrigin + performance.now();

/** Shortest time between two sends. */
export const LINGER_MS = 5;

async function run(input: PacedProducerInput): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('run me as a worker');
  const records: OutboundRecord[] = [];
  for (const event of createSimulation(input.simulation).events()) {
    if (records.length >= input.count) break;
    records.push(recordOf(event, input.schemaId));
  }
  const producer = createKafkaClient(input.settings).producer();
  await producer.connect();
  const t0 = await new Promise<number>((resolve) => {
    port.once('message', (message: { t0: number }) => resolve(message.t0));
    port.postMessage({ type: 'ready' } satisfies PacedProducerMessage);
  });
  let sent = 0;
  let sends = 0;
  let maxBehindMs = 0;
  const msPerEvent = 1000 / input.rate;
  let lastSendAt = Number.NEGATIVE_INFINITY;
  while (sent < records.length) {
    const now = nowEpoch();
    const due = Math.min(records.length, Math.floor((now - t0) / msPerEvent) + 1);
    const wait = Math.max(t0 + sent * msPerEvent - now, lastSendAt + LINGER_MS - now);
    if (due > sent && wait <= 0) {
      maxBehindMs = Math.max(maxBehindMs, now - (t0 + sent * msPerEvent));
      lastSendAt = now;
      await producer.send(input.topic, records.slice(sent, due));
      sent = due;
      sends += 1;
    } else {
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait)));
    }
  }
  await producer.disconnect();
  port.postMessage({ type: 'done', produced: sent, sends, maxBehindMs: Math.round(maxBehindMs) } satisfies PacedProducerMessage);
}

if (parentPort && (workerData as { pacedProducer?: PacedProducerInput } | undefined)?.pacedProducer) {
  run((workerData as { pacedProducer: PacedProducerInput }).pacedProducer).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
