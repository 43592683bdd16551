import { type CallEvent, decodeCallEvent, encodeCallEvent } from '@callfold/contracts';
import { type DecodedCallEvent, type InboundMessage } from '@callfold/kafka';
import { createSimulation } from '@callfold/simulator';
import { describeLoad, LoadWatch, type PhaseLoad } from './machine';
import { loadBatchProjection, loadProjectorConfig, loadStateStore } from './services';

/**
 * Heap per open conversation in the projector's live state, measured on the real thing: the
 * projector's `PartitionState`s, filled by its own `projectBatch` + overlay `commit()` (what a
 * committed batch does), from simulated conversations decoded from Avro like Kafka messages.
 *
 * Open conversations: simulated conversations cut after their first `Queued` event (session
 * created, IVR, menu choices, queued: waiting for an agent). Conversations that never queue are
 * skipped, and so is any prefix whose fold is not an open (active) conversation. A second, smaller
 * fill cuts conversations just before they end ("in talk": agent connected, holds, transfers),
 * the largest an open conversation gets.
 *
 * heapUsed after two full GCs, before and after the fill; delta / entries. The simulator's own
 * state and the decoded events are garbage or were allocated before the baseline.
 */
export interface MemoryResult {
  readonly open: number;
  readonly bytesPerOpenConversation: number;
  /** Off-heap (ArrayBuffer) growth per entry: ~0, the state holds strings, not Buffers. */
  readonly arrayBufferBytesPerConversation: number;
  readonly avgStoredBytes: number;
  readonly avgEventsFolded: number;
  readonly fillSeconds: number;
  readonly eventsPerSecond: number;
  readonly inTalk: { open: number; bytesPerOpenConversation: number; avgStoredBytes: number; avgEventsFolded: number };
  readonly load: PhaseLoad;
}

type Cut = 'queued' | 'in-talk';

const CLOSING = new Set(['Ended', 'Failed', 'Deflected', 'VoicemailReceived', 'QueueTimedOut', 'AssignmentFailed', 'ErasureRequested']);

/** The prefix of a conversation's events that leaves it open, or null if the conversation does not fit the cut. */
function prefixOf(events: readonly CallEvent[], cut: Cut): CallEvent[] | null {
  if (cut === 'queued') {
    const queued = events.findIndex((e) => e.type === 'Queued');
    if (queued < 0) return null;
    const prefix = events.slice(0, queued + 1);
    return prefix.some((e) => CLOSING.has(e.type)) ? null : prefix;
  }
  const end = events.findIndex((e) => CLOSING.has(e.type));
  if (end <= 0) return null;
  const prefix = events.slice(0, end);
  return prefix.some((e) => e.type === 'Connected') ? prefix : null;
}

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('the memory phase needs node --expose-gc (npm run bench passes it)');
  collect();
  collect();
};

async function fill(target: number, partitions: number, seed: number, cut: Cut) {
  const [{ PartitionState }, { projectBatch }, { projectorConfigFromEnv }] = await Promise.all([loadStateStore(), loadBatchProjection(), loadProjectorConfig()]);
  const policy = projectorConfigFromEnv(process.env);
  const states = Array.from({ length: partitions }, (_, p) => new PartitionState(p));
  // In start order, conversation by conversation. Scheduled callbacks are left out: their queue
  // events lie up to 2 h after their start, so folding one moves the partition's event-time
  // watermark past the grace period of every conversation started after it (LATE_EVENT).
  const simulation = createSimulation({ seed, ratePerSecond: 50, durationMs: 365 * 86_400_000, mix: { callback: 0 } });
  const conversations = simulation.conversations();
  const pending: { message: InboundMessage; decoded: DecodedCallEvent }[][] = states.map(() => []);
  const offsets = states.map(() => 0);
  let deadLetters = 0;
  const flush = (p: number) => {
    const items = pending[p] as { message: InboundMessage; decoded: DecodedCallEvent }[];
    if (items.length === 0) return;
    const result = projectBatch(states[p] as InstanceType<typeof PartitionState>, items, policy);
    deadLetters += result.deadLetters.length;
    result.overlay.commit();
    pending[p] = [];
  };
  const entries = () => states.reduce((n, s) => n + s.entries.size, 0);

  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  let admitted = 0;
  let events = 0;
  let ordinal = 0;
  const timestamp = String(Date.now());
  while (admitted < target) {
    const next = conversations.next();
    if (next.done) throw new Error('the simulation ended before the state was full');
    const prefix = prefixOf(next.value.events, cut);
    if (prefix === null) continue;
    const p = ordinal++ % partitions;
    const batch = pending[p] as { message: InboundMessage; decoded: DecodedCallEvent }[];
    for (const original of prefix) {
      // Through Avro, as the projector gets it from Kafka: fresh flat strings, no sharing with the simulator.
      const event = decodeCallEvent(encodeCallEvent(original));
      const key = Buffer.from(event.conversationId);
      batch.push({
        message: { topic: 'bench', partition: p, offset: String(offsets[p]), key, value: null, headers: {}, timestamp },
        decoded: { ok: true, event, schemaId: 1 },
      });
      offsets[p] = (offsets[p] as number) + 1;
      events += 1;
    }
    admitted += 1;
    if (batch.length >= 2_000) flush(p);
  }
  for (let p = 0; p < partitions; p++) flush(p);
  const fillSeconds = (performance.now() - started) / 1000;
  gc();
  const after = process.memoryUsage();
  // Every 10th entry decoded back: each must be an open (active) conversation.
  let storedChars = 0;
  let checked = 0;
  let open = 0;
  for (const s of states) {
    let i = 0;
    for (const [id, stored] of s.entries) {
      storedChars += stored.length;
      if (i++ % 10 !== 0) continue;
      checked += 1;
      if (s.read(id)?.status === 'active') open += 1;
    }
  }
  const n = entries();
  if (deadLetters > 0 || n !== admitted) throw new Error(`the fill is not clean: ${deadLetters} dead letters, ${n} entries for ${admitted} conversations`);
  return {
    states,
    entries: n,
    checked,
    open,
    bytesPerEntry: Math.round((after.heapUsed - before.heapUsed) / n),
    arrayBufferBytesPerEntry: Math.round((after.arrayBuffers - before.arrayBuffers) / n),
    avgStoredBytes: Math.round(storedChars / n),
    avgEventsFolded: Math.round((events / admitted) * 10) / 10,
    fillSeconds,
    eventsPerSecond: Math.round(events / fillSeconds),
  };
}

export async function measureMemory(open: number, partitions: number, seed: number, log: (line: string) => void): Promise<MemoryResult> {
  log(`memory: ${open.toLocaleString('en')} open conversations (created + IVR + queued) folded into the projector's PartitionState (${partitions} partitions) by projectBatch + commit`);
  const watch = new LoadWatch();
  const queued = await fill(open, partitions, seed, 'queued');
  if (queued.open !== queued.checked) throw new Error(`${queued.checked - queued.open} of ${queued.checked} entries checked are not open conversations`);
  log(
    `memory: ${queued.entries.toLocaleString('en')} open conversations, heapUsed +${((queued.bytesPerEntry * queued.entries) / 2 ** 20).toFixed(0)} MiB = ${queued.bytesPerEntry} bytes each ` +
      `(stored Avro body ${queued.avgStoredBytes} bytes, ${queued.avgEventsFolded} events folded each; off-heap +${queued.arrayBufferBytesPerEntry} bytes each); filled in ${queued.fillSeconds.toFixed(1)} s = ${queued.eventsPerSecond.toLocaleString('en')} events/s`,
  );
  queued.states.length = 0;
  const talkTarget = Math.min(open, 100_000);
  const talk = await fill(talkTarget, partitions, seed + 1, 'in-talk');
  talk.states.length = 0;
  const load = watch.stop();
  log(`memory: for comparison, ${talk.entries.toLocaleString('en')} conversations in talk (cut just before they end): ${talk.bytesPerEntry} bytes each (stored ${talk.avgStoredBytes} bytes, ${talk.avgEventsFolded} events folded); ${describeLoad(load)}`);
  return {
    open: queued.entries,
    bytesPerOpenConversation: queued.bytesPerEntry,
    arrayBufferBytesPerConversation: queued.arrayBufferBytesPerEntry,
    avgStoredBytes: queued.avgStoredBytes,
    avgEventsFolded: queued.avgEventsFolded,
    fillSeconds: queued.fillSeconds,
    eventsPerSecond: queued.eventsPerSecond,
    inTalk: { open: talk.entries, bytesPerOpenConversation: talk.bytesPerEntry, avgStoredBytes: talk.avgStoredBytes, avgEventsFolded: talk.avgEventsFolded },
    load,
  };
}
