import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type FetchedBatch, type KafkaClient } from '@callfold/kafka';
import { createSimulation, type SimulationOptions } from '@callfold/simulator';
import { sleep } from './completion';
import { describeLoad, LoadWatch, ROOT, type PhaseLoad } from './machine';
import { nowEpoch, type PacedProducerInput, type PacedProducerMessage } from './paced-producer.worker';
import { type PipelineContext, pipelineNames, prepareInput, startPipeline } from './pipeline';
import { printProfile } from './profile';
import { type ProfileResult } from './pipeline-types';
import { printServiceActivity, serviceActivity, type ServiceActivity } from './service-activity';
import { percentiles, type Percentiles } from './stats';

/**
 * Latency at a fixed, moderate rate, per event.
 *
 * Produced at: event i of the paced stream is due at t0 + i / rate (its scheduled time, so a late
 * send counts against the pipeline, never hides it: no coordinated omission).
 * Visible at: the moment ClickHouse acknowledged the insert of a `dialogues` row of the event's
 * conversation whose version covers the event (the projection's version counts the distinct
 * events folded into it; this stream has no redeliveries and no shuffling, so the k-th event
 * of a conversation is covered by any row of version >= k). From that acknowledgement on the
 * row is returned by `SELECT ... FROM dialogues FINAL WHERE conversation_id = ...`: chdb's
 * inserts are synchronous (no async_insert), which the phase verifies by querying a sample.
 * Sampled: every event; the first `warmup` seconds of the schedule are left out of the
 * percentiles (JIT compilation, first fetches).
 *
 * Three hops are reported too, from Kafka record timestamps (the producer's clock at send): event
 * record -> its projection's transaction committed by the projector, projection record -> the
 * writer's commit after its dialogue insert, and event record -> the writer's commit after its
 * call_events insert.
 */
export interface LatencyResult {
  readonly rate: number;
  readonly produced: number;
  readonly measured: number;
  readonly neverVisible: number;
  /** Of those, measured events entered into the percentiles at their age when the phase ended (lower bounds). */
  readonly censored: number;
  readonly endToEnd: Percentiles;
  /** p50 and p99 per 10 s window of the schedule (ms). */
  readonly windows: { fromS: number; p50: number; p99: number }[];
  readonly projectorHop: Percentiles;
  readonly writerHop: Percentiles;
  /** Events whose call_events row became visible: produce -> event row. */
  readonly eventRow: Percentiles;
  readonly producerMaxBehindMs: number;
  readonly spotChecks: { queried: number; visible: number; avgQueryMs: number };
  /** The busiest event loop: the bench's main thread in-process, else the busiest service's. */
  readonly eventLoopUtilization: number;
  readonly servicesEventLoopUtilization: Record<string, number> | null;
  /** What the services did meanwhile. */
  readonly services: ServiceActivity;
  readonly load: PhaseLoad;
  readonly profiles?: ProfileResult[];
}

/** The latency stream: the same simulated contact center, without redeliveries, shuffling or erasures (whose rows are deleted). */
export function latencySimulation(seed: number): SimulationOptions {
  return { seed, ratePerSecond: 50, durationMs: 365 * 86_400_000, duplicateShare: 0, outOfOrderShare: 0, mix: { erasure: 0 } };
}

export async function measureLatency(
  context: PipelineContext,
  admin: KafkaClient,
  runId: string,
  options: { rate: number; seconds: number; warmupSeconds: number; seed: number; profile: boolean; runDir: string },
  log: (line: string) => void,
): Promise<LatencyResult> {
  const names = pipelineNames(runId, 'lat');
  const schemaId = await prepareInput(context, names, admin);
  const count = options.rate * options.seconds;
  const simulation = latencySimulation(options.seed);

  // Event index -> conversation, and per conversation its events' indices in delivery order.
  const indicesOf = new Map<string, number[]>();
  let i = 0;
  for (const event of createSimulation(simulation).events()) {
    if (i >= count) break;
    const list = indicesOf.get(event.conversationId) ?? [];
    list.push(i++);
    indicesOf.set(event.conversationId, list);
  }
  const visibleVersion = new Map<string, number>();
  const msPerEvent = 1000 / options.rate;
  let t0 = Number.POSITIVE_INFINITY;
  const warmupEnd = () => t0 + options.warmupSeconds * 1000;
  const endToEnd: number[] = [];
  /** The same latencies by 10-second window of the schedule: steady, or growing (the pipeline falls behind)? */
  const byWindow: number[][] = [];
  const record = (due: number, latency: number) => {
    endToEnd.push(latency);
    const window = Math.floor((due - t0) / 10_000);
    (byWindow[window] ??= []).push(latency);
  };
  let visibleEvents = 0;
  const projectorHop: number[] = [];
  const writerHop: number[] = [];
  const eventRow: number[] = [];
  let lastVisible: { conversationId: string; version: number } | undefined;

  const hop = (into: number[]) => (batch: FetchedBatch, at: number) => {
    const committedAt = performance.timeOrigin + at;
    for (const m of batch.messages) {
      const ts = Number(m.timestamp);
      if (ts >= warmupEnd()) into.push(committedAt - ts);
    }
  };

  log(`latency: ${options.rate.toLocaleString('en')} events/s for ${options.seconds} s (${count.toLocaleString('en')} events, no redeliveries, no shuffling, no erasures) through a fresh projector + writer; first ${options.warmupSeconds} s left out`);
  const pipeline = await startPipeline(context, names, {
    dialoguesInserted: (rows, at) => {
      const visibleAt = performance.timeOrigin + at;
      for (const [conversationId, version] of rows) {
        const indices = indicesOf.get(conversationId);
        if (!indices) continue;
        const seen = visibleVersion.get(conversationId) ?? 0;
        const upTo = Math.min(version, indices.length);
        for (let k = seen; k < upTo; k++) {
          const due = t0 + (indices[k] as number) * msPerEvent;
          visibleEvents += 1;
          if (due >= warmupEnd()) record(due, visibleAt - due);
        }
        if (upTo > seen) {
          visibleVersion.set(conversationId, upTo);
          lastVisible = { conversationId, version: upTo };
        }
      }
    },
    projectorBatchCommitted: hop(projectorHop),
    writerBatchCommitted: (batch, at) => hop(batch.topic === names.topics.conversations ? writerHop : eventRow)(batch, at),
  });

  // Both services in their groups before the clock starts.
  const joined = () => pipeline.projectorTrace.consumers[0]?.joinedAt !== undefined && pipeline.writerTrace.consumers[0]?.joinedAt !== undefined;
  for (const deadline = performance.now() + 60_000; !joined(); await sleep(50)) if (performance.now() > deadline) throw new Error('the services did not join their groups within 60 s');
  await sleep(2_000);

  const input: PacedProducerInput = { settings: context.settings, topic: names.topics.callEvents, schemaId, simulation, count, rate: options.rate };
  const worker = new Worker(
    `require(${JSON.stringify(join(ROOT, 'tools/stack/swc-register.cjs'))}); require(${JSON.stringify(join(__dirname, 'paced-producer.worker.ts'))});`,
    { eval: true, workerData: { pacedProducer: input }, execArgv: [] },
  );
  const finished = new Promise<Extract<PacedProducerMessage, { type: 'done' }>>((resolve, reject) => {
    worker.on('message', (message: PacedProducerMessage) => {
      if (message.type === 'ready') {
        t0 = nowEpoch() + 200;
        worker.postMessage({ t0 });
      } else resolve(message);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`the producer thread exited with ${code}`))));
  });

  // Spot checks, every 5 s: the newest acknowledged (conversation, version) must be queryable with
  // FINAL. The id is inlined (it is one of the simulator's, [a-z0-9-] only), not bound: chdb runs
  // every parameterised query of the process on one chain, so a bound check would queue with the
  // writer's own erasure lookups and slow the pipeline it measures.
  const spot = { queried: 0, visible: 0, ms: 0 };
  let checking = true;
  const checker = (async () => {
    while (checking) {
      await sleep(5_000);
      const target = lastVisible;
      if (!target || !/^[A-Za-z0-9._-]+$/.test(target.conversationId)) continue;
      const since = performance.now();
      const rows = await pipeline.query<{ v: string }>(`SELECT max(version) AS v FROM ${names.database}.dialogues FINAL WHERE conversation_id = '${target.conversationId}'`);
      spot.ms += performance.now() - since;
      spot.queried += 1;
      if (Number(rows[0]?.v ?? 0) >= target.version) spot.visible += 1;
    }
  })();

  if (options.profile) await pipeline.startProfiles();
  let watch: LoadWatch | undefined;
  let elu0: ReturnType<typeof performance.eventLoopUtilization> | undefined;
  const started = new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (Number.isFinite(t0)) {
        clearInterval(poll);
        watch = new LoadWatch();
        watch.addProcesses(pipeline.serviceProcesses, false);
        elu0 = performance.eventLoopUtilization();
        resolve();
      }
    }, 10);
  });
  await started;
  let done: Extract<PacedProducerMessage, { type: 'done' }>;
  let tailEndedAt = Number.NaN;
  let profiles: ProfileResult[] | undefined;
  let load: PhaseLoad;
  try {
    done = await finished;
    // Let the tail through; what is still not visible after the wait is counted below at its age.
    const tailMs = Math.max(30_000, options.seconds * 1000);
    for (const deadline = performance.now() + tailMs; visibleEvents < done.produced && performance.now() < deadline; ) await sleep(100);
    tailEndedAt = performance.timeOrigin + performance.now();
    if (options.profile) profiles = await pipeline.stopProfiles('latency');
    await pipeline.refresh();
  } finally {
    checking = false;
    await checker;
    await pipeline.stop();
    await worker.terminate();
    // The service processes' CPU is read while they still run; then they go.
    load = (watch as LoadWatch).stop();
    await pipeline.close();
  }
  // Events never seen visible enter the percentiles with their age now: a lower bound, never left out.
  const censoredAt = tailEndedAt;
  let censored = 0;
  for (const [conversationId, indices] of indicesOf) {
    for (let k = visibleVersion.get(conversationId) ?? 0; k < indices.length; k++) {
      const due = t0 + (indices[k] as number) * msPerEvent;
      if (due < warmupEnd()) continue;
      record(due, censoredAt - due);
      censored += 1;
    }
  }
  const elu = performance.eventLoopUtilization(elu0);
  const servicesElu = pipeline.serviceEventLoopUtilization();

  const result: LatencyResult = {
    rate: options.rate,
    produced: done.produced,
    measured: endToEnd.length,
    neverVisible: done.produced - visibleEvents,
    censored,
    endToEnd: percentiles(endToEnd),
    windows: [...byWindow.entries()].filter(([, w]) => w !== undefined && w.length > 0).map(([i, w]) => ({ fromS: i * 10, ...(({ p50, p99 }) => ({ p50, p99 }))(percentiles(w)) })),
    projectorHop: percentiles(projectorHop),
    writerHop: percentiles(writerHop),
    eventRow: percentiles(eventRow),
    producerMaxBehindMs: done.maxBehindMs,
    spotChecks: { queried: spot.queried, visible: spot.visible, avgQueryMs: Math.round(spot.ms / Math.max(1, spot.queried)) },
    eventLoopUtilization: servicesElu ? Math.max(...Object.values(servicesElu)) : Math.round(elu.utilization * 100) / 100,
    servicesEventLoopUtilization: servicesElu,
    services: serviceActivity(pipeline, load.seconds),
    load,
    ...(profiles ? { profiles } : {}),
  };
  const show = (p: Percentiles) => `p50 ${p.p50} ms, p90 ${p.p90} ms, p99 ${p.p99} ms, max ${p.max} ms (n=${p.count.toLocaleString('en')})`;
  log(`latency: produce -> dialogue row visible: ${show(result.endToEnd)}; ${describeLoad(load)}`);
  log(`  by 10 s window of the schedule (p50/p99 ms): ${result.windows.map((w) => `${w.fromS}s ${w.p50}/${w.p99}`).join(', ')}`);
  log(`  hops: event record -> projection committed ${show(result.projectorHop)}`);
  log(`        projection record -> dialogue row written and committed ${show(result.writerHop)}`);
  log(`        event record -> call_events row written and committed ${show(result.eventRow)}`);
  log(
    `  ${result.neverVisible} of ${result.produced.toLocaleString('en')} events not visible by the end of the phase (${censored} of them measured: counted at their age then, a lower bound); producer at most ${result.producerMaxBehindMs} ms behind its schedule (${done.sends.toLocaleString('en')} sends); ` +
      `${spot.visible} of ${spot.queried} FINAL spot checks saw the acknowledged version (avg ${result.spotChecks.avgQueryMs} ms per query); event loop busy ${Math.round(result.eventLoopUtilization * 100)} %`,
  );
  printServiceActivity(result.services, log);
  for (const p of profiles ?? []) {
    log(`  profile of the ${p.label}:`);
    printProfile(p.summary, log);
  }
  return result;
}
