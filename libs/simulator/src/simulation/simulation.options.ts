import { DEFAULT_MIX } from '../scenarios/catalogue';
import { ScenarioFamily } from '../scenarios/scenario';

export interface SimulationOptions {
  /** Any 32-bit integer: the whole stream is a function of the options, the seed above all. */
  readonly seed: number;
  /** Simulated time of the first arrival, epoch ms. Default 2026-03-09T08:00:00Z. */
  readonly startAt?: number;
  /** Stop after this many conversations. At least one of conversations / durationMs is needed. */
  readonly conversations?: number;
  /** Mean conversation arrivals per simulated second (a Poisson process). Default 2. */
  readonly ratePerSecond?: number;
  /** Stop starting conversations this long after startAt (their events still finish). */
  readonly durationMs?: number;
  /** Number of queues (named from a realistic catalogue) or the queue ids. At least 2. Default 6. */
  readonly queues?: number | readonly string[];
  /** Number of human agents or their ids. At least 2. Default 40. */
  readonly agents?: number | readonly string[];
  /** Relative weight per scenario family; missing families keep DEFAULT_MIX, 0 turns one off. */
  readonly mix?: Partial<Record<ScenarioFamily, number>>;
  /** Share of events delivered a second time with the same eventId (e.g. 0.02). Default 0. */
  readonly duplicateShare?: number;
  /** Share of conversations whose events are delivered out of order. Default 0. */
  readonly outOfOrderShare?: number;
  /** Most an event of a shuffled conversation is held back, ms. Default 5 000. */
  readonly outOfOrderWindowMs?: number;
  /** Most a redelivery lags its original, ms. Default 10 000. */
  readonly redeliveryDelayMaxMs?: number;
  /** Delay between a conversation's end and its post-call enrichment batch, ms. Default 15 min (seed 003). */
  readonly lateEnrichmentDelayMs?: number;
  /** Prefix of every eventId. Default 'evt-'. */
  readonly eventIdPrefix?: string;
  /** Prefix of every conversationId. Default 'conv-'. */
  readonly conversationIdPrefix?: string;
}

export interface ResolvedSimulationOptions {
  readonly seed: number;
  readonly startAt: number;
  readonly conversations: number | null;
  readonly ratePerSecond: number;
  readonly durationMs: number | null;
  readonly queues: number | readonly string[];
  readonly agents: number | readonly string[];
  readonly mix: Readonly<Record<ScenarioFamily, number>>;
  readonly duplicateShare: number;
  readonly outOfOrderShare: number;
  readonly outOfOrderWindowMs: number;
  readonly redeliveryDelayMaxMs: number;
  readonly lateEnrichmentDelayMs: number;
  readonly eventIdPrefix: string;
  readonly conversationIdPrefix: string;
}

export const DEFAULT_START_AT = Date.UTC(2026, 2, 9, 8, 0, 0);

export class InvalidSimulationOptionsError extends Error {
  override readonly name = 'InvalidSimulationOptionsError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid simulation options: ${problems.join('; ')}`);
  }
}

type Check = (problems: string[]) => void;

const integer =
  (name: string, value: number | null, min: number): Check =>
  (problems) => {
    if (value !== null && (!Number.isSafeInteger(value) || value < min)) problems.push(`${name} must be an integer >= ${min}, got ${String(value)}`);
  };

const share =
  (name: string, value: number): Check =>
  (problems) => {
    if (!(value >= 0 && value <= 1)) problems.push(`${name} must be between 0 and 1, got ${String(value)}`);
  };

const roster =
  (name: string, value: number | readonly string[]): Check =>
  (problems) => {
    const ids = typeof value === 'number' ? null : value;
    if (ids === null) return integer(name, value as number, 2)(problems);
    if (ids.length < 2) problems.push(`${name} needs at least 2 ids (transfers need a second one)`);
    if (ids.some((id) => typeof id !== 'string' || id.length === 0)) problems.push(`${name} ids must be non-empty strings`);
    if (new Set(ids).size !== ids.length) problems.push(`${name} ids must be distinct`);
  };

/** Fills the defaults and reports every problem at once (options may come from a CLI or JSON). */
export function resolveSimulationOptions(options: SimulationOptions): ResolvedSimulationOptions {
  const mix = { ...DEFAULT_MIX, ...options.mix };
  const resolved: ResolvedSimulationOptions = {
    seed: options.seed,
    startAt: options.startAt ?? DEFAULT_START_AT,
    conversations: options.conversations ?? null,
    ratePerSecond: options.ratePerSecond ?? 2,
    durationMs: options.durationMs ?? null,
    queues: options.queues ?? 6,
    agents: options.agents ?? 40,
    mix,
    duplicateShare: options.duplicateShare ?? 0,
    outOfOrderShare: options.outOfOrderShare ?? 0,
    outOfOrderWindowMs: options.outOfOrderWindowMs ?? 5_000,
    redeliveryDelayMaxMs: options.redeliveryDelayMaxMs ?? 10_000,
    lateEnrichmentDelayMs: options.lateEnrichmentDelayMs ?? 900_000,
    eventIdPrefix: options.eventIdPrefix ?? 'evt-',
    conversationIdPrefix: options.conversationIdPrefix ?? 'conv-',
  };
  const problems: string[] = [];
  const checks: Check[] = [
    integer('seed', resolved.seed, -(2 ** 31)),
    integer('startAt', resolved.startAt, 0),
    integer('conversations', resolved.conversations, 0),
    integer('durationMs', resolved.durationMs, 0),
    integer('outOfOrderWindowMs', resolved.outOfOrderWindowMs, 1),
    integer('redeliveryDelayMaxMs', resolved.redeliveryDelayMaxMs, 1),
    integer('lateEnrichmentDelayMs', resolved.lateEnrichmentDelayMs, 0),
    share('duplicateShare', resolved.duplicateShare),
    share('outOfOrderShare', resolved.outOfOrderShare),
    roster('queues', resolved.queues),
    roster('agents', resolved.agents),
  ];
  for (const check of checks) check(problems);
  if (!(resolved.ratePerSecond > 0 && Number.isFinite(resolved.ratePerSecond))) problems.push(`ratePerSecond must be a positive number, got ${String(resolved.ratePerSecond)}`);
  if (resolved.conversations === null && resolved.durationMs === null) problems.push('give conversations or durationMs (or both): the run must end');
  if (resolved.seed > 2 ** 32 - 1) problems.push(`seed must fit in 32 bits, got ${resolved.seed}`);
  for (const [family, weight] of Object.entries(mix)) {
    if (!(ScenarioFamily as readonly string[]).includes(family)) problems.push(`mix: unknown scenario family "${family}" (known: ${ScenarioFamily.join(', ')})`);
    else if (!(weight >= 0 && Number.isFinite(weight))) problems.push(`mix.${family} must be a finite weight >= 0, got ${String(weight)}`);
  }
  if (Object.values(mix).every((weight) => !(weight > 0))) problems.push('mix: at least one family needs a positive weight');
  if (problems.length > 0) throw new InvalidSimulationOptionsError(problems);
  return resolved;
}
