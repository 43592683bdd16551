import { type CallEvent, encodeCallEvent } from '@callfold/contracts';
import { frame, type MessageProducer, type OutboundRecord } from '@callfold/kafka';
import { createSimulation, poisonBytes, poisonEvents, type Simulation, type SimulationOptions } from '@callfold/simulator';

/**
 * The simulator as an event source: libs/simulator's seeded stream, encoded with the contract's
 * Avro codec, framed in the Confluent wire format under the registry's CallEvent schema id, keyed
 * by conversation id and sent through an idempotent producer, paced so that simulated time runs
 * `speed` times faster than the wall clock. A few poison messages (each with the dead-letter
 * reason callfold must give) are mixed in, as a real switch would now and then send.
 */
export interface SimulatorProducerOptions {
  readonly producer: Pick<MessageProducer, 'send'>;
  readonly topic: string;
  /** Registry id of the CallEvent schema under the topic's subject. */
  readonly schemaId: number;
  readonly simulation: SimulationOptions & { readonly startAt: number };
  /** Simulated milliseconds per real millisecond. */
  readonly speed: number;
  /** Stop producing this long after start (real milliseconds), whatever is left of the stream. */
  readonly runMs: number;
  /** One poison message every this many real milliseconds (0 = none). */
  readonly poisonEveryMs: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Stops early when aborted (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Called after every send with the counts so far. */
  readonly onProgress?: (counts: ProducedCounts) => void;
}

export interface ProducedCounts {
  /** Valid events sent (redeliveries included). */
  readonly events: number;
  readonly redeliveries: number;
  readonly poison: number;
  /** Poison messages sent, by the dead-letter reason they must get. */
  readonly poisonByReason: Readonly<Record<string, number>>;
  /** Distinct conversations the sent events belong to. */
  readonly conversations: number;
}

export interface ProducedRun extends ProducedCounts {
  readonly simulation: Simulation;
  /** Conversation ids of this run start with this (the simulation's prefix and seed tag). */
  readonly conversationIdPrefix: string;
}

/**
 * Labelled bad messages, cycled through: garbage bytes, an unknown schema id, invalid events, bad
 * keys. Ordered round-robin over their reasons, so even a short run shows several kinds.
 */
export function poisonRecords(seed: number, schemaId: number): { record: OutboundRecord; reason: string }[] {
  const all = [
    ...poisonBytes({ seed, schemaId }).map((p) => ({ record: { key: p.key, value: Buffer.from(p.bytes) }, reason: p.expectedReason as string })),
    ...poisonEvents({ seed })
      .filter((p) => p.avroEncodable)
      .map((p) => ({ record: { key: p.key, value: frame(schemaId, encodeCallEvent(p.value as unknown as CallEvent)) }, reason: p.expectedReason as string })),
  ];
  const byReason = new Map<string, { record: OutboundRecord; reason: string }[]>();
  for (const p of all) byReason.set(p.reason, [...(byReason.get(p.reason) ?? []), p]);
  const out: { record: OutboundRecord; reason: string }[] = [];
  for (let round = 0; out.length < all.length; round++) {
    for (const group of byReason.values()) {
      const p = group[round];
      if (p) out.push(p);
    }
  }
  return out;
}

/** The run tag libs/simulator puts in every id: the seed as 8 hex digits. */
export function runTagOf(seed: number): string {
  return (seed >>> 0).toString(16).padStart(8, '0');
}

export async function produceSimulation(options: SimulatorProducerOptions): Promise<ProducedRun> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const simulation = createSimulation(options.simulation);
  const { startAt } = options.simulation;
  const poison = options.poisonEveryMs > 0 ? poisonRecords(simulation.options.seed, options.schemaId) : [];
  const started = now();
  const deadline = started + options.runMs;
  const seen = new Set<string>();
  const poisonByReason: Record<string, number> = {};
  let events = 0;
  let redeliveries = 0;
  let poisonSent = 0;
  let nextPoisonAt = started + options.poisonEveryMs / 2;
  const counts = (): ProducedCounts => ({ events, redeliveries, poison: poisonSent, poisonByReason: { ...poisonByReason }, conversations: seen.size });

  const emissions = simulation.emissions();
  let pending = emissions.next();
  while (!options.signal?.aborted) {
    const t = now();
    if (t >= deadline) break;
    const batch: OutboundRecord[] = [];
    while (!pending.done && started + (pending.value.emitAt - startAt) / options.speed <= t && batch.length < 2_000) {
      const { event, redelivery } = pending.value;
      batch.push({ key: event.conversationId, value: frame(options.schemaId, encodeCallEvent(event)) });
      seen.add(event.conversationId);
      events += 1;
      if (redelivery) redeliveries += 1;
      pending = emissions.next();
    }
    if (poison.length > 0 && t >= nextPoisonAt) {
      const p = poison[poisonSent % poison.length] as { record: OutboundRecord; reason: string };
      batch.push(p.record);
      poisonSent += 1;
      poisonByReason[p.reason] = (poisonByReason[p.reason] ?? 0) + 1;
      nextPoisonAt += options.poisonEveryMs;
    }
    if (batch.length > 0) {
      await options.producer.send(options.topic, batch);
      options.onProgress?.(counts());
      continue;
    }
    if (pending.done) break;
    const due = started + (pending.value.emitAt - startAt) / options.speed;
    await sleep(Math.max(5, Math.min(200, due - now(), deadline - now())));
  }
  return { ...counts(), simulation, conversationIdPrefix: `${simulation.options.conversationIdPrefix}${runTagOf(simulation.options.seed)}-` };
}
