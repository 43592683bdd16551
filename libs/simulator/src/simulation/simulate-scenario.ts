import { scenarioNamed } from '../scenarios/catalogue';
import { createWorld } from '../world/world';
import { planConversation, runTagOf, type SimulatedConversation } from './conversation.plan';
import { resolveSimulationOptions, type SimulationOptions } from './simulation.options';

export type ScenarioRunOptions = Omit<SimulationOptions, 'conversations' | 'ratePerSecond' | 'durationMs' | 'mix'> & {
  /** Which conversation of the run (its PRNG stream); default 0. */
  readonly ordinal?: number;
};

/**
 * One conversation of the named scenario, built exactly as in a run (same steps, same disorder
 * options), starting at `startAt`. For tests that need a specific situation rather than a mix.
 */
export function simulateScenario(name: string, options: ScenarioRunOptions): SimulatedConversation {
  const scenario = scenarioNamed(name);
  const resolved = resolveSimulationOptions({ ...options, conversations: 1 });
  const world = createWorld({ queues: resolved.queues, agents: resolved.agents });
  const run = { options: resolved, world, table: { scenarios: [scenario], weights: [1], total: 1 }, runTag: runTagOf(resolved.seed) };
  return planConversation(run, options.ordinal ?? 0, resolved.startAt);
}
