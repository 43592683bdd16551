import { ALL_ENRICHMENT, enrich } from './enrichment.steps';
import { type Scenario, type ScenarioContext } from './scenario';
import { answeredInbound, closingParty, hangUp, talk, talkTime, wrapUp } from './voice.steps';

/**
 * Data-subject erasure (seed 002 "delete conversation"): an ordinary conversation, its late
 * enrichment, then an ErasureRequested after everything else. Real requests come days later;
 * the simulator keeps them within a few enrichment delays so a run's memory stays bounded.
 */

/** The erasure request, after the conversation's last enrichment. */
function requestErasure(ctx: ScenarioContext): void {
  const { rng, b, lateEnrichmentDelayMs } = ctx;
  const end = b.endedAt ?? b.now;
  const at = end + 2 * lateEnrichmentDelayMs + rng.int(60_000, 1_800_000);
  b.late('privacy', 'ErasureRequested', { requestedBy: rng.pick(['customer-portal', 'dpo@example.com']), reason: 'GDPR Art. 17 request' }, at, at);
}

const afterAnsweredCall: Scenario = {
  name: 'erasure.after-answered-call',
  family: 'erasure',
  weight: 1,
  description: 'An answered, fully enriched call whose customer later asks for erasure: no dialogue row remains.',
  expected: { direction: 'INBOUND', channel: 'VOICE', erased: true, detailedOutcome: null, outcome: null },
  build(ctx) {
    const { rng } = ctx;
    const [, agent] = answeredInbound(ctx, rng.skewed(2_000, 60_000));
    talk(ctx, agent, talkTime(ctx), false);
    hangUp(ctx, closingParty(ctx));
    wrapUp(ctx, agent);
    enrich(ctx, ALL_ENRICHMENT);
    requestErasure(ctx);
  },
};

export const ERASURE_SCENARIOS: readonly Scenario[] = [afterAnsweredCall];
