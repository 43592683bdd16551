// CPU per event of the projector's own work on a batch, not a test: projectBatch (route, fold,
// encode each changed conversation), the records of its transaction (framing, headers, chunks
// by size) and the overlay's commit, on the bench's simulated contact center (2 % redeliveries,
// 5 % shuffled conversations, late enrichment), spread over 6 partitions by conversation id.
// Events are decoded from Avro before the clock starts (decoding is libs/kafka's, measured by
// libs/contracts/bench/codec.bench.ts). Each round folds the stream into fresh partition states;
// the first round warms the JIT and is not counted. Run:
//   node --single-threaded-gc -r ./tools/stack/swc-register.cjs apps/projector/src/testing/project-batch.bench.ts [events] [batch] [rounds]
// (--single-threaded-gc: the garbage collection this work causes counts in the process CPU it
// reports, instead of running on helper threads, partly in parallel.)
import { decodeCallEvent, encodeCallEvent } from '@callfold/contracts';
import { type DecodedCallEvent, type InboundMessage } from '@callfold/kafka';
import { createSimulation } from '@callfold/simulator';
import { type BatchItem, projectBatch } from '../batch-projection';
import { projectionSends } from '../projection-records';
import { projectorConfigFromEnv } from '../projector.config';
import { PartitionState } from '../state-store';

const events = Number(process.argv[2] ?? 120_000);
const batchSize = Number(process.argv[3] ?? 1_000);
const rounds = Number(process.argv[4] ?? 5);
const partitions = 6;
const policy = projectorConfigFromEnv({});

/** FNV-1a: any stable spread of conversations over partitions will do here. */
function partitionOf(conversationId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < conversationId.length; i++) h = Math.imul(h ^ conversationId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % partitions;
}

function workload(): BatchItem[][][] {
  const simulation = createSimulation({ seed: 7, ratePerSecond: 50, durationMs: 365 * 86_400_000, duplicateShare: 0.02, outOfOrderShare: 0.05 });
  const perPartition: BatchItem[][] = Array.from({ length: partitions }, () => []);
  let n = 0;
  for (const { event: original, emitAt } of simulation.emissions()) {
    if (n++ >= events) break;
    // Through Avro, as the projector gets it from Kafka: fresh strings, no sharing with the simulator.
    const event = decodeCallEvent(encodeCallEvent(original));
    const p = partitionOf(event.conversationId);
    const items = perPartition[p] as BatchItem[];
    const message: InboundMessage = { topic: 'bench', partition: p, offset: String(items.length), key: Buffer.from(event.conversationId), value: null, headers: {}, timestamp: String(emitAt) };
    const decoded: DecodedCallEvent = { ok: true, event, schemaId: 1 };
    items.push({ message, decoded });
  }
  // Batches in fetch order: one batch of each partition in turn, as a fetch hands them over.
  return perPartition.map((items) => Array.from({ length: Math.ceil(items.length / batchSize) }, (_, i) => items.slice(i * batchSize, (i + 1) * batchSize)));
}

interface Round {
  cpuUsPerEvent: number;
  projectUs: number;
  recordsUs: number;
  commitUs: number;
  projections: number;
  deadLetters: number;
}

function round(batches: BatchItem[][][]): Round {
  const states = Array.from({ length: partitions }, (_, p) => new PartitionState(p));
  const most = Math.max(...batches.map((b) => b.length));
  let projectMs = 0;
  let recordsMs = 0;
  let commitMs = 0;
  let projections = 0;
  let deadLetters = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < most; i++) {
    for (let p = 0; p < partitions; p++) {
      const items = batches[p]?.[i];
      if (!items) continue;
      const t0 = performance.now();
      const result = projectBatch(states[p] as PartitionState, items, policy);
      const t1 = performance.now();
      const chunks = projectionSends(result, p, 1, policy.maxSendBytes);
      const t2 = performance.now();
      result.overlay.commit();
      const t3 = performance.now();
      projectMs += t1 - t0;
      recordsMs += t2 - t1;
      commitMs += t3 - t2;
      projections += chunks.reduce((sum, c) => sum + c.length, 0);
      deadLetters += result.deadLetters.length;
    }
  }
  const used = process.cpuUsage(cpu);
  const perEvent = (ms: number) => Math.round((ms * 1000 * 100) / events) / 100;
  return {
    cpuUsPerEvent: Math.round(((used.user + used.system) / events) * 100) / 100,
    projectUs: perEvent(projectMs),
    recordsUs: perEvent(recordsMs),
    commitUs: perEvent(commitMs),
    projections,
    deadLetters,
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const batches = workload();
round(batches);
const results = Array.from({ length: rounds }, () => round(batches));
console.log(
  JSON.stringify({
    events,
    batch: batchSize,
    rounds,
    median_cpu_us_per_event: median(results.map((r) => r.cpuUsPerEvent)),
    min_cpu_us_per_event: Math.min(...results.map((r) => r.cpuUsPerEvent)),
    median_wall_us_per_event: { project: median(results.map((r) => r.projectUs)), records: median(results.map((r) => r.recordsUs)), commit: median(results.map((r) => r.commitUs)) },
    projections_per_event: Math.round(((results[0]?.projections ?? 0) / events) * 1000) / 1000,
    dead_letters: results[0]?.deadLetters,
  }),
);
