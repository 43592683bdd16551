import { type CallEvent } from '@callfold/contracts';
import { ConversationBuilder } from '../builder/conversation.builder';
import { deriveSeed, Prng } from '../random/prng';
import { type ScenarioTable } from '../scenarios/catalogue';
import { type Scenario } from '../scenarios/scenario';
import { type World } from '../world/world';
import { type ResolvedSimulationOptions } from './simulation.options';

/** What a run shares between its conversations. */
export interface RunContext {
  readonly options: ResolvedSimulationOptions;
  readonly world: World;
  readonly table: ScenarioTable;
  /** The seed in hex: part of every id, so runs with different seeds never share an id. */
  readonly runTag: string;
}

/** One simulated conversation: its distinct events and how they are delivered. */
export interface SimulatedConversation {
  readonly ordinal: number;
  readonly conversationId: string;
  readonly scenario: Scenario;
  readonly startedAt: number;
  /** Each event once, in the order the scenario wrote them (occurredAt order for live events). */
  readonly events: readonly CallEvent[];
  /** Delivery order: events plus redeliveries (the same object again), sorted by emitAt. */
  readonly emission: readonly CallEvent[];
  readonly emitAt: readonly number[];
  /** Parallel to `emission`: true for a redelivery of an event delivered earlier. */
  readonly redelivery: readonly boolean[];
  readonly duplicates: number;
  /** Live events were held back so that at least one is delivered after a later one. */
  readonly outOfOrder: boolean;
}

export function runTagOf(seed: number): string {
  return (seed >>> 0).toString(16).padStart(8, '0');
}

/**
 * Builds conversation `ordinal` of a run. It draws only from its own PRNG stream (derived from
 * the seed and the ordinal), so it is the same whatever else the run contains, and the scenario
 * is drawn and built before any disorder is decided: the same seed with or without duplicates
 * or shuffling gives the same distinct events.
 */
export function planConversation(run: RunContext, ordinal: number, startedAt: number): SimulatedConversation {
  const { options } = run;
  const rng = new Prng(deriveSeed(options.seed, ordinal));
  const scenario = run.table.scenarios[rng.weighted(run.table.weights, run.table.total)] as Scenario;
  const serial = String(ordinal).padStart(7, '0');
  const conversationId = `${options.conversationIdPrefix}${run.runTag}-${serial}`;
  const b = new ConversationBuilder(conversationId, `${options.eventIdPrefix}${run.runTag}-${serial}-`, startedAt);
  scenario.build({ rng, world: run.world, b, lateEnrichmentDelayMs: options.lateEnrichmentDelayMs });

  const events = b.events;
  const emitAt = b.emitAt.slice();
  const outOfOrder = options.outOfOrderShare > 0 && rng.chance(options.outOfOrderShare) && holdBack(rng, events, emitAt, options.outOfOrderWindowMs);

  const order: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < events.length; i++) {
    order.push(i);
    times.push(emitAt[i] as number);
    if (options.duplicateShare > 0 && rng.chance(options.duplicateShare)) {
      order.push(i);
      times.push((emitAt[i] as number) + rng.int(1, options.redeliveryDelayMaxMs));
    }
  }
  const sorted = sortByTime(times);
  const emission: CallEvent[] = [];
  const emitTimes: number[] = [];
  const redelivery: boolean[] = [];
  const delivered = new Uint8Array(events.length);
  for (const k of sorted) {
    const index = order[k] as number;
    emission.push(events[index] as CallEvent);
    emitTimes.push(times[k] as number);
    redelivery.push(delivered[index] === 1);
    delivered[index] = 1;
  }
  return { ordinal, conversationId, scenario, startedAt, events, emission, emitAt: emitTimes, redelivery, duplicates: emission.length - events.length, outOfOrder };
}

/**
 * Holds live events back by up to `windowMs` each (a delayed network path or a slow emitter)
 * and forces one inversion: an event is delivered just after its successor. Only events
 * delivered as they occur are touched, so late enrichment keeps its own delay. Returns false
 * when no two such events are within the window of each other (nothing could be swapped).
 */
function holdBack(rng: Prng, events: readonly CallEvent[], emitAt: number[], windowMs: number): boolean {
  const live: number[] = [];
  for (let i = 0; i < events.length; i++) if (emitAt[i] === (events[i] as CallEvent).occurredAt) live.push(i);
  const candidates: number[] = [];
  for (let k = 0; k + 1 < live.length; k++) {
    const gap = (emitAt[live[k + 1] as number] as number) - (emitAt[live[k] as number] as number);
    if (gap > 0 && gap < windowMs) candidates.push(k);
  }
  if (candidates.length === 0) return false;
  for (const i of live) emitAt[i] = (emitAt[i] as number) + rng.int(0, windowMs);
  const k = rng.pick(candidates);
  const early = live[k] as number;
  const later = live[k + 1] as number;
  const laterAt = (events[later] as CallEvent).occurredAt;
  emitAt[later] = laterAt;
  emitAt[early] = laterAt + 1;
  return true;
}

/** Indices of `times` in ascending order, ties in index order (insertion sort: the input is nearly sorted). */
function sortByTime(times: readonly number[]): number[] {
  const index = times.map((_, i) => i);
  for (let i = 1; i < index.length; i++) {
    const current = index[i] as number;
    const t = times[current] as number;
    let j = i - 1;
    while (j >= 0 && (times[index[j] as number] as number) > t) {
      index[j + 1] = index[j] as number;
      j--;
    }
    index[j + 1] = current;
  }
  return index;
}
