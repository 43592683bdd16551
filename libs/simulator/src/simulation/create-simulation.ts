import { type CallEvent } from '@callfold/contracts';
import { deriveSeed, Prng } from '../random/prng';
import { scenarioTable } from '../scenarios/catalogue';
import { createWorld, type World } from '../world/world';
import { planConversation, type RunContext, runTagOf, type SimulatedConversation } from './conversation.plan';
import { EmissionMerger } from './emission-merger';
import { resolveSimulationOptions, type ResolvedSimulationOptions, type SimulationOptions } from './simulation.options';
import { type SimulationSummary, SummaryAccumulator } from './simulation.summary';

/** One delivered message: the event, when it is delivered, and whether it repeats an earlier one. */
export interface Emission {
  readonly event: CallEvent;
  readonly emitAt: number;
  readonly redelivery: boolean;
}

export interface Simulation extends Iterable<CallEvent> {
  readonly options: ResolvedSimulationOptions;
  readonly world: World;
  /**
   * The stream in delivery order: conversations interleaved by time as a switch would emit them,
   * with the configured redeliveries, shuffling and late enrichment. Every call starts the same
   * stream again; it is generated lazily, never held in memory.
   */
  events(): Generator<CallEvent, void, undefined>;
  /** The same stream with delivery times and redelivery flags (e.g. to pace a replay). */
  emissions(): Generator<Emission, void, undefined>;
  /** The conversations in start order, each with its events and expectation (for test oracles). */
  conversations(): Generator<SimulatedConversation, void, undefined>;
  /** Counts over the whole run; computed on first access by a separate pass, then kept. */
  readonly expectedSummary: SimulationSummary;
}

/** Arrival times: a Poisson process from its own PRNG stream; the first arrival is at startAt. */
function* arrivals(options: ResolvedSimulationOptions): Generator<number, void, undefined> {
  const rng = new Prng(deriveSeed(options.seed ^ 0x5bd1e995, 0x7fffffff));
  const meanGapMs = 1000 / options.ratePerSecond;
  const endAt = options.durationMs === null ? Number.POSITIVE_INFINITY : options.startAt + options.durationMs;
  const limit = options.conversations ?? Number.POSITIVE_INFINITY;
  let at = options.startAt;
  for (let ordinal = 0; ordinal < limit && Math.round(at) < endAt; ordinal++) {
    yield Math.round(at);
    at += rng.exponential(meanGapMs);
  }
}

function* plannedConversations(run: RunContext): Generator<SimulatedConversation, void, undefined> {
  let ordinal = 0;
  for (const startedAt of arrivals(run.options)) yield planConversation(run, ordinal++, startedAt);
}

function* emissionsOf(run: RunContext, withRecords: boolean): Generator<Emission | CallEvent, void, undefined> {
  const merger = new EmissionMerger();
  const next = { event: null as CallEvent | null, emitAt: 0, redelivery: false };
  const upcoming = plannedConversations(run);
  let pending = upcoming.next();
  for (;;) {
    // A conversation's first delivery is never before its start, so a conversation starting
    // before the next pending delivery must join the merge first; later ones can wait.
    if (!pending.done && pending.value.startedAt <= merger.nextTime()) {
      merger.add(pending.value);
      pending = upcoming.next();
      continue;
    }
    if (!merger.take(next)) return;
    const event = next.event as CallEvent;
    yield withRecords ? { event, emitAt: next.emitAt, redelivery: next.redelivery } : event;
  }
}

/**
 * A deterministic, streaming simulation of a contact center's call-lifecycle events. The stream
 * is a pure function of the options: no Math.random, no wall clock.
 */
export function createSimulation(options: SimulationOptions): Simulation {
  const resolved = resolveSimulationOptions(options);
  const world = createWorld({ queues: resolved.queues, agents: resolved.agents });
  const run: RunContext = { options: resolved, world, table: scenarioTable(resolved.mix), runTag: runTagOf(resolved.seed) };
  let summary: SimulationSummary | null = null;
  const events = (): Generator<CallEvent, void, undefined> => emissionsOf(run, false) as Generator<CallEvent, void, undefined>;
  return {
    options: resolved,
    world,
    events,
    emissions: () => emissionsOf(run, true) as Generator<Emission, void, undefined>,
    conversations: () => plannedConversations(run),
    [Symbol.iterator]: events,
    get expectedSummary(): SimulationSummary {
      if (summary === null) {
        const accumulator = new SummaryAccumulator();
        for (const conversation of plannedConversations(run)) accumulator.add(conversation);
        summary = accumulator.result();
      }
      return summary;
    },
  };
}
