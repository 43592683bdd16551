import { type Channel, type Direction } from '@callfold/contracts';
import { type Anywhere365Outcome, type DetailedOutcome, type Thresholds } from '@callfold/domain';
import { type ConversationBuilder } from '../builder/conversation.builder';
import { type Prng } from '../random/prng';
import { type World } from '../world/world';

/** Scenario families: the unit of the simulation's mix weights. */
export const ScenarioFamily = [
  'inbound',
  'abandon',
  'routing',
  'transfer',
  'outbound',
  'campaign',
  'ai-agent',
  'messaging',
  'failure',
  'callback',
  'erasure',
] as const;
export type ScenarioFamily = (typeof ScenarioFamily)[number];

/**
 * The thresholds every scenario's expectation is stated under: seed 004's `slaThreshold` 20 s
 * and `quickDropThreshold` 5 s, measured on the queue clock (the repo's default policy).
 */
export const SIMULATOR_THRESHOLDS: Thresholds = Object.freeze({ slaThresholdMs: 20_000, quickDropThresholdMs: 5_000, quickDropClock: 'queue' });

/**
 * What folding the scenario's events must give, under SIMULATOR_THRESHOLDS. Scenarios draw
 * their durations so these hold for every seed; fields left out are not promised.
 */
export interface ScenarioExpectation {
  readonly direction: Direction;
  readonly channel: Channel;
  /** An erasure was requested: no dialogue row, every other field below is null. */
  readonly erased: boolean;
  readonly detailedOutcome: DetailedOutcome | null;
  readonly outcome: Anywhere365Outcome | null;
  readonly inSla?: boolean | null;
  readonly quickDrop?: boolean | null;
  readonly minTransfers?: number;
}

export interface ScenarioContext {
  readonly rng: Prng;
  readonly world: World;
  readonly b: ConversationBuilder;
  /** How long after the end post-call analysis is delivered (seed 003: 15 minutes). */
  readonly lateEnrichmentDelayMs: number;
}

export interface Scenario {
  /** `<family>.<kebab-name>`, stable: summaries and tests refer to it. */
  readonly name: string;
  readonly family: ScenarioFamily;
  /** Relative frequency inside its family. */
  readonly weight: number;
  readonly description: string;
  readonly expected: ScenarioExpectation;
  readonly build: (ctx: ScenarioContext) => void;
}

/** Expectation shorthands, so each scenario states only what differs. */
export function expectRow(
  direction: Direction,
  channel: Channel,
  detailedOutcome: DetailedOutcome,
  outcome: Anywhere365Outcome,
  extra: Partial<Pick<ScenarioExpectation, 'inSla' | 'quickDrop' | 'minTransfers'>> = {},
): ScenarioExpectation {
  return { direction, channel, erased: false, detailedOutcome, outcome, ...extra };
}
