import { type KafkaClient } from '@callfold/kafka';
import { runBareConsumer, type BareConsumerResult } from './bare-consumer';
import { CommitHistory, waitForVisibility } from './completion';
import { describeLoad, LoadWatch, type PhaseLoad } from './machine';
import { type PipelineContext, pipelineNames, type PipelineNames, prepareInput, type RunningPipeline, startPipeline } from './pipeline';
import { printProfile } from './profile';
import { type ProfileResult } from './pipeline-types';
import { printServiceActivity, serviceActivity, type ServiceActivity } from './service-activity';
import { produceBacklog, type ProducedSummary, throughputSimulation } from './workload';

export interface BacklogResult {
  readonly names: PipelineNames;
  readonly produced: ProducedSummary;
  readonly ends: { partition: number; offset: string }[];
  readonly load: PhaseLoad;
}

const rate = (n: number, seconds: number) => Math.round(n / seconds);
const fmt = (n: number) => Math.round(n).toLocaleString('en');

/** Fresh call-events topic, filled with `events` simulated events: the backlog both consumers read. */
export async function produceInput(context: PipelineContext, admin: KafkaClient, runId: string, events: number, seed: number, log: (line: string) => void): Promise<BacklogResult> {
  const names = pipelineNames(runId, 'tput');
  const schemaId = await prepareInput(context, names, admin);
  log(`produce: ${fmt(events)} simulated events into ${names.topics.callEvents} (${context.partitions} partitions, 2 % redeliveries, 5 % shuffled conversations)`);
  const watch = new LoadWatch();
  const producers = [admin.producer(), admin.producer(), admin.producer()];
  await Promise.all(producers.map((p) => p.connect()));
  const produced = await produceBacklog(producers, names.topics.callEvents, schemaId, throughputSimulation(seed), events, log).finally(() => Promise.all(producers.map((p) => p.disconnect())));
  const load = watch.stop();
  const a = admin.admin();
  await a.connect();
  const ends = await a.endOffsets(names.topics.callEvents).finally(() => a.disconnect());
  log(
    `produce: ${fmt(produced.events)} events (${fmt(produced.conversations)} conversations, ${fmt(produced.bytes / produced.events)} bytes each) in ${produced.seconds.toFixed(1)} s = ${fmt(rate(produced.events, produced.seconds))}/s; ${describeLoad(load)}`,
  );
  return { names, produced, ends, load };
}

export interface BareResult extends BareConsumerResult {
  readonly cpuMicrosPerEvent: number;
  readonly load: PhaseLoad;
}

export async function measureBareConsumer(context: PipelineContext, backlog: BacklogResult, runId: string, log: (line: string) => void): Promise<BareResult> {
  log(`bare consumer: kafkajs eachBatch, counting only, fresh group, from the beginning of ${backlog.names.topics.callEvents}`);
  const watch = new LoadWatch();
  const result = await runBareConsumer(context.settings, backlog.names.topics.callEvents, `bench.${runId}.bare`, backlog.produced.events);
  const load = watch.stop();
  const cpuMicrosPerEvent = Math.round(((load.benchCpuSeconds * 1e6) / result.messages) * 10) / 10;
  log(
    `bare consumer: ${fmt(result.messages)} messages in ${result.seconds.toFixed(2)} s = ${fmt(result.perSecond)}/s (${result.batches} batches; ${result.secondsWithJoin.toFixed(2)} s with the group join; ${cpuMicrosPerEvent} µs CPU per message); ${describeLoad(load)}`,
  );
  return { ...result, cpuMicrosPerEvent, load };
}

export interface EndToEndResult {
  /** Events / (projector's first batch -> last row visible). */
  readonly eventsPerSecond: number;
  /** Events / (projector.start() -> last row visible): start-up (topic checks, schema registration, group joins, restore) included. */
  readonly eventsPerSecondWithStartup: number;
  readonly seconds: number;
  readonly startupSeconds: number;
  /** The projector alone: its first batch -> its last transaction committed. */
  readonly projectorSeconds: number;
  readonly projectorEventsPerSecond: number;
  /**
   * CPU time of the bench and its service processes (every thread: services, chdb, GC) per event
   * over the phase: steadier than a rate on a shared machine, and the budget to compare with (2
   * cores at 50,000 events/s leave at most 40 µs per event, Kafka's own share included).
   */
  readonly cpuMicrosPerEvent: number;
  readonly services: ServiceActivity;
  /**
   * Share of wall time an event loop was busy (1 = saturated): the bench's main thread in-process,
   * the busiest service's main thread in processes mode (each one in `servicesEventLoopUtilization`).
   */
  readonly eventLoopUtilization: number;
  readonly servicesEventLoopUtilization: Record<string, number> | null;
  readonly rows: { callEvents: number; expectedCallEvents: number; conversations: number; expectedConversations: number; dialogues: number; finalQueryMs: number };
  readonly load: PhaseLoad;
  readonly profiles?: ProfileResult[];
}

export async function measureEndToEnd(
  context: PipelineContext,
  admin: KafkaClient,
  backlog: BacklogResult,
  options: { profile: boolean; runDir: string; timeoutMs: number },
  log: (line: string) => void,
): Promise<EndToEndResult> {
  const { names, produced } = backlog;
  const where = context.mode === 'processes' ? 'each in its own process (as in production)' : 'both in this process';
  log(`end to end: the real projector (createProjector) and writer (createWriter), ${where}, ClickHouse database ${names.database}, reading the same ${fmt(produced.events)} events`);
  const watch = new LoadWatch();
  const elu0 = performance.eventLoopUtilization();
  const writerCommits = new CommitHistory();
  const pipeline = await startPipeline(context, names, { writerCommit: writerCommits.record });
  watch.addProcesses(pipeline.serviceProcesses);
  let done: { projectorDoneAt: number; visibleAt: number };
  let profiles: ProfileResult[] | undefined;
  try {
    if (options.profile) await pipeline.startProfiles();
    done = await waitForVisibility(pipeline, writerCommits, admin, names.topics, backlog.ends, options.timeoutMs, log);
    if (options.profile) profiles = await pipeline.stopProfiles('e2e');
    await pipeline.refresh();
  } finally {
    await pipeline.stop();
  }
  const elu = performance.eventLoopUtilization(elu0);
  const load = watch.stop();
  let rows: EndToEndResult['rows'];
  try {
    rows = await countRows(pipeline, names, produced);
  } finally {
    await pipeline.close();
  }

  const firstBatchAt = pipeline.projectorTrace.consumers[0]?.firstBatchAt ?? pipeline.startedAt;
  const seconds = (done.visibleAt - firstBatchAt) / 1000;
  const total = (done.visibleAt - pipeline.startedAt) / 1000;
  const projectorSeconds = (done.projectorDoneAt - firstBatchAt) / 1000;
  const servicesElu = pipeline.serviceEventLoopUtilization();

  const result: EndToEndResult = {
    eventsPerSecond: rate(produced.events, seconds),
    eventsPerSecondWithStartup: rate(produced.events, total),
    seconds,
    startupSeconds: (firstBatchAt - pipeline.startedAt) / 1000,
    projectorSeconds,
    projectorEventsPerSecond: rate(produced.events, projectorSeconds),
    cpuMicrosPerEvent: Math.round(((load.benchCpuSeconds + load.servicesCpuSeconds) * 1e6) / produced.events),
    services: serviceActivity(pipeline, total),
    eventLoopUtilization: servicesElu ? Math.max(...Object.values(servicesElu)) : Math.round(elu.utilization * 100) / 100,
    servicesEventLoopUtilization: servicesElu,
    rows,
    load,
    ...(profiles ? { profiles } : {}),
  };

  log(`end to end: ${fmt(produced.events)} events visible in ClickHouse ${seconds.toFixed(1)} s after the projector's first batch = ${fmt(result.eventsPerSecond)} events/s (${fmt(result.eventsPerSecondWithStartup)}/s counting ${result.startupSeconds.toFixed(1)} s of start-up); ${describeLoad(load)}`);
  const perService = Object.entries(load.servicesCpuSecondsBy).map(([label, cpu]) => `${label} ${Math.round((cpu * 1e6) / produced.events)} µs`);
  log(`  CPU: ${result.cpuMicrosPerEvent} µs of CPU time per event, the bench's process and the services' (all threads, start-up included)${perService.length > 0 ? `: ${perService.join(', ')}` : ''}`);
  const busy = servicesElu ? Object.entries(servicesElu).map(([k, v]) => `${k} ${Math.round(v * 100)} %`).join(', ') : `${Math.round(result.eventLoopUtilization * 100)} % (one thread for both)`;
  log(`  projector done after ${projectorSeconds.toFixed(1)} s = ${fmt(result.projectorEventsPerSecond)} events/s; event loops busy: ${busy}`);
  printServiceActivity(result.services, log);
  log(
    `  rows (FINAL): call_events ${fmt(rows.callEvents)} (expected ${fmt(rows.expectedCallEvents)}), conversations ${fmt(rows.conversations)} (expected ${fmt(rows.expectedConversations)}), dialogues ${fmt(rows.dialogues)}; a count FINAL took ~${rows.finalQueryMs} ms`,
  );
  for (const p of profiles ?? []) {
    log(`  profile of the ${p.label}:`);
    printProfile(p.summary, log);
  }
  return result;
}

async function countRows(pipeline: RunningPipeline, names: PipelineNames, produced: ProducedSummary): Promise<EndToEndResult['rows']> {
  const since = performance.now();
  const count = async (table: string) => Number((await pipeline.query<{ n: string }>(`SELECT count() AS n FROM ${names.database}.${table} FINAL`))[0]?.n ?? NaN);
  const rows = {
    callEvents: await count('call_events'),
    expectedCallEvents: produced.expectedEventRows,
    conversations: await count('conversations'),
    expectedConversations: produced.expectedConversationRows,
    dialogues: await count('dialogues'),
    finalQueryMs: 0,
  };
  rows.finalQueryMs = Math.round((performance.now() - since) / 3);
  return rows;
}
