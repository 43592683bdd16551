import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CallEvent, type DeadLetterReason, encodeCallEvent, parseCallEventJson } from '@callfold/contracts';
import { frame } from '@callfold/kafka';
import { createSimulation, poisonBytes, poisonEvents, type Simulation, type SimulationOptions } from '@callfold/simulator';
import { REPO_ROOT } from './e2e-names';

export const FIXTURE_DIR = join(REPO_ROOT, 'test/fixtures');

/** One Kafka record of the stream, in delivery order. */
export interface StreamMessage {
  readonly key: string | null;
  readonly value: Buffer;
  /** A valid event (redeliveries included); undefined for a poison message. */
  readonly event?: CallEvent;
  /** For a poison message: its label and the dead-letter reason callfold must give. */
  readonly poison?: { readonly label: string; readonly expectedReason: DeadLetterReason };
}

export interface FixtureStream {
  readonly name: string;
  readonly conversationId: string;
  /** In file (arrival) order. */
  readonly events: readonly CallEvent[];
}

export interface KnownStream {
  readonly messages: readonly StreamMessage[];
  readonly fixtures: readonly FixtureStream[];
  readonly simulation: Simulation | undefined;
  readonly poison: readonly StreamMessage[];
}

export interface KnownStreamOptions {
  /** The id the registry gave the CallEvent schema under the test's call-events subject. */
  readonly schemaId: number;
  readonly fixtures: boolean;
  /** Simulator options; undefined = no simulated conversations. */
  readonly simulation?: SimulationOptions;
  /** Poison messages (garbage bytes, unknown schema id, invalid events, bad keys), spread through the stream. */
  readonly poison: boolean;
}

/** Every test/fixtures/*.ndjson, lines validated by the contract, in file order. */
export function loadFixtureStreams(): FixtureStream[] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.ndjson'))
    .sort()
    .map((file) => {
      const lines = readFileSync(join(FIXTURE_DIR, file), 'utf8').split('\n').filter((l) => l.trim() !== '');
      const events = lines.map((line, i) => {
        const parsed = parseCallEventJson(line);
        if (!parsed.ok) throw new Error(`${file}:${i + 1} is not a valid event: ${JSON.stringify(parsed.errors)}`);
        return parsed.event;
      });
      return { name: file.replace(/\.ndjson$/, ''), conversationId: events[0]?.conversationId ?? '', events };
    });
}

/**
 * The stream an e2e test produces: the bundled fixtures and a seeded simulation merged in
 * delivery order (a fixture line is delivered at the latest event time of its file so far, so
 * each file keeps its own arrival order, out-of-order lines and redeliveries included; the
 * simulator's messages at their `emitAt`, with its duplicates, disorder and late enrichment),
 * then the poison messages spread evenly through it.
 */
export function knownStream(options: KnownStreamOptions): KnownStream {
  const eventMessage = (event: CallEvent): StreamMessage => ({ key: event.conversationId, value: frame(options.schemaId, encodeCallEvent(event)), event });
  const timed: { at: number; message: StreamMessage }[] = [];

  const fixtures = options.fixtures ? loadFixtureStreams() : [];
  for (const fixture of fixtures) {
    let at = Number.MIN_SAFE_INTEGER;
    for (const event of fixture.events) {
      at = Math.max(at, event.occurredAt);
      timed.push({ at, message: eventMessage(event) });
    }
  }
  const simulation = options.simulation ? createSimulation(options.simulation) : undefined;
  if (simulation) for (const emission of simulation.emissions()) timed.push({ at: emission.emitAt, message: eventMessage(emission.event) });
  // Array.prototype.sort is stable: equal times keep their source order.
  const messages = timed.sort((a, b) => a.at - b.at).map((t) => t.message);

  const poison: StreamMessage[] = [];
  if (options.poison) {
    const seed = options.simulation?.seed ?? 1;
    for (const p of poisonEvents({ seed })) {
      if (!p.avroEncodable) continue; // the rest cannot be written as Avro at all; they are UNDECODABLE bytes, covered below
      const value = frame(options.schemaId, encodeCallEvent(p.value as unknown as CallEvent));
      poison.push({ key: p.key, value, poison: { label: p.label, expectedReason: p.expectedReason } });
    }
    for (const p of poisonBytes({ seed, schemaId: options.schemaId })) {
      poison.push({ key: p.key, value: Buffer.from(p.bytes), poison: { label: p.label, expectedReason: p.expectedReason } });
    }
    const gap = Math.max(1, Math.floor(messages.length / (poison.length + 1)));
    poison.forEach((p, i) => messages.splice((i + 1) * gap + i, 0, p));
  }
  return { messages, fixtures, simulation, poison };
}
