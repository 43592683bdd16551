import { type CallEvent, encodeCallEvent } from '@callfold/contracts';
import { frame, type MessageProducer, type OutboundRecord } from '@callfold/kafka';
import { createSimulation, type Emission, type SimulationOptions } from '@callfold/simulator';

/**
 * The simulated contact center every phase draws from: realistic interleaving of many
 * conversations, 2 % redeliveries, 5 % shuffled conversations, late enrichment 15 min after the
 * end (the simulator bench's settings). 50 arrivals per simulated second keep about 60,000
 * conversations open at once, a large contact center.
 */
export function throughputSimulation(seed: number): SimulationOptions {
  return { seed, ratePerSecond: 50, durationMs: 365 * 86_400_000, duplicateShare: 0.02, outOfOrderShare: 0.05 };
}

/** What a produced prefix of the stream should leave in ClickHouse. */
export interface ProducedSummary {
  readonly events: number;
  readonly redeliveries: number;
  readonly conversations: number;
  /** Conversations with an ErasureRequested among the produced events: their rows are deleted. */
  readonly erasedConversations: number;
  /** Distinct events of conversations never erased: the expected `call_events FINAL` count. */
  readonly expectedEventRows: number;
  /** Conversations never erased: the expected `conversations FINAL` count. */
  readonly expectedConversationRows: number;
  readonly bytes: number;
  readonly seconds: number;
}

/** Counts distinct events and erasures per conversation as events are produced. */
class ProducedTally {
  events = 0;
  redeliveries = 0;
  bytes = 0;
  private readonly distinct = new Map<string, number>();
  private readonly erased = new Set<string>();

  add(emission: Emission, bytes: number): void {
    const { event, redelivery } = emission;
    this.events += 1;
    this.bytes += bytes;
    if (redelivery) {
      this.redeliveries += 1;
      return;
    }
    this.distinct.set(event.conversationId, (this.distinct.get(event.conversationId) ?? 0) + 1);
    if (event.type === 'ErasureRequested') this.erased.add(event.conversationId);
  }

  summary(seconds: number): ProducedSummary {
    let expectedEventRows = 0;
    for (const [conversationId, count] of this.distinct) if (!this.erased.has(conversationId)) expectedEventRows += count;
    return {
      events: this.events,
      redeliveries: this.redeliveries,
      conversations: this.distinct.size,
      erasedConversations: this.erased.size,
      expectedEventRows,
      expectedConversationRows: this.distinct.size - this.erased.size,
      bytes: this.bytes,
      seconds,
    };
  }
}

export function recordOf(event: CallEvent, schemaId: number): OutboundRecord {
  return { key: event.conversationId, value: frame(schemaId, encodeCallEvent(event)) };
}

/**
 * Produces the first `count` emissions of the simulation to `topic` through libs/kafka's
 * idempotent producers (acks=all), in sends of `chunk` records, `producers.length` sends in
 * flight (one per producer: each keeps one request in flight), generating and encoding the next
 * chunk meanwhile. Chunks of different producers may land out of order, a few simulated seconds
 * apart: the reducer is order independent and that is far inside the projector's grace period.
 */
export async function produceBacklog(
  producers: readonly MessageProducer[],
  topic: string,
  schemaId: number,
  simulation: SimulationOptions,
  count: number,
  progress: (line: string) => void,
  chunk = 5_000,
): Promise<ProducedSummary> {
  const tally = new ProducedTally();
  const started = performance.now();
  const emissions = createSimulation(simulation).emissions();
  const inFlight: (Promise<void> | undefined)[] = producers.map(() => undefined);
  let nextReport = started + 10_000;
  for (let turn = 0; ; turn++) {
    const records: OutboundRecord[] = [];
    while (records.length < chunk && tally.events < count) {
      const next = emissions.next();
      if (next.done) break;
      const record = recordOf(next.value.event, schemaId);
      tally.add(next.value, record.value?.length ?? 0);
      records.push(record);
    }
    const slot = turn % producers.length;
    await inFlight[slot];
    if (records.length === 0) break;
    inFlight[slot] = (producers[slot] as MessageProducer).send(topic, records);
    const now = performance.now();
    if (now > nextReport) {
      nextReport = now + 10_000;
      progress(`  produced ${tally.events.toLocaleString('en')} of ${count.toLocaleString('en')} (${Math.round(tally.events / ((now - started) / 1000)).toLocaleString('en')}/s)`);
    }
  }
  await Promise.all(inFlight);
  return tally.summary((performance.now() - started) / 1000);
}
