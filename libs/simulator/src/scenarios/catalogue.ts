import { ABANDON_SCENARIOS } from './abandon.scenarios';
import { AI_AGENT_SCENARIOS } from './ai-agent.scenarios';
import { CALLBACK_SCENARIOS } from './callback.scenarios';
import { CAMPAIGN_SCENARIOS } from './campaign.scenarios';
import { ERASURE_SCENARIOS } from './erasure.scenarios';
import { FAILURE_SCENARIOS } from './failure.scenarios';
import { INBOUND_SCENARIOS } from './inbound.scenarios';
import { MESSAGING_SCENARIOS } from './messaging.scenarios';
import { OUTBOUND_SCENARIOS } from './outbound.scenarios';
import { ROUTING_SCENARIOS } from './routing.scenarios';
import { type Scenario, ScenarioFamily } from './scenario';
import { TRANSFER_SCENARIOS } from './transfer.scenarios';

/** Every scenario, grouped by family in ScenarioFamily order. */
export const SCENARIOS: readonly Scenario[] = [
  ...INBOUND_SCENARIOS,
  ...ABANDON_SCENARIOS,
  ...ROUTING_SCENARIOS,
  ...TRANSFER_SCENARIOS,
  ...OUTBOUND_SCENARIOS,
  ...CAMPAIGN_SCENARIOS,
  ...AI_AGENT_SCENARIOS,
  ...MESSAGING_SCENARIOS,
  ...FAILURE_SCENARIOS,
  ...CALLBACK_SCENARIOS,
  ...ERASURE_SCENARIOS,
];

/**
 * Default share of each family, loosely shaped on a mid-size multichannel contact center: most
 * traffic is inbound voice, about a tenth abandons, erasures are rare.
 */
export const DEFAULT_MIX: Readonly<Record<ScenarioFamily, number>> = {
  inbound: 35,
  abandon: 12,
  routing: 5,
  transfer: 8,
  outbound: 10,
  campaign: 6,
  'ai-agent': 10,
  messaging: 9,
  failure: 2,
  callback: 2,
  erasure: 1,
};

const byName = new Map(SCENARIOS.map((scenario) => [scenario.name, scenario]));

export function scenarioNamed(name: string): Scenario {
  const scenario = byName.get(name);
  if (scenario === undefined) throw new RangeError(`unknown scenario "${name}" (known: ${[...byName.keys()].join(', ')})`);
  return scenario;
}

/** The scenarios of one family. */
export function scenariosOf(family: ScenarioFamily): readonly Scenario[] {
  return SCENARIOS.filter((scenario) => scenario.family === family);
}

/**
 * A draw table: each scenario's probability is its family's mix weight split by the scenario
 * weights inside the family. Families with weight 0 are left out.
 */
export interface ScenarioTable {
  readonly scenarios: readonly Scenario[];
  readonly weights: readonly number[];
  readonly total: number;
}

export function scenarioTable(mix: Readonly<Record<ScenarioFamily, number>>): ScenarioTable {
  const scenarios: Scenario[] = [];
  const weights: number[] = [];
  for (const family of ScenarioFamily) {
    const familyWeight = mix[family];
    if (familyWeight <= 0) continue;
    const members = scenariosOf(family);
    const inside = members.reduce((sum, s) => sum + s.weight, 0);
    for (const scenario of members) {
      scenarios.push(scenario);
      weights.push((familyWeight * scenario.weight) / inside);
    }
  }
  return { scenarios, weights, total: weights.reduce((a, b) => a + b, 0) };
}
