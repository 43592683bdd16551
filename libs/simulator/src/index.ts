export { Prng, deriveSeed } from './random/prng';
export { createWorld, type QueueProfile, type World, type WorldOptions } from './world/world';
export { ScenarioFamily, SIMULATOR_THRESHOLDS, type Scenario, type ScenarioExpectation } from './scenarios/scenario';
export { DEFAULT_MIX, SCENARIOS, scenarioNamed, scenariosOf } from './scenarios/catalogue';
export { createSimulation, type Emission, type Simulation } from './simulation/create-simulation';
export { type SimulatedConversation } from './simulation/conversation.plan';
export {
  DEFAULT_START_AT,
  InvalidSimulationOptionsError,
  resolveSimulationOptions,
  type ResolvedSimulationOptions,
  type SimulationOptions,
} from './simulation/simulation.options';
export { type SimulationSummary } from './simulation/simulation.summary';
export { simulateScenario, type ScenarioRunOptions } from './simulation/simulate-scenario';
export { ndjsonChunks, ndjsonLines, toNdjson } from './ndjson/ndjson.writer';
export { generateNdjson, type GeneratedNdjson, type NdjsonSink } from './generate-ndjson';
export { impossibleTransitions, poisonBytes, poisonEvents, type ImpossibleTransitionCase, type PoisonBytes, type PoisonEvent, type PoisonOptions } from './poison/poison-messages';
