import { type DialResult } from '@callfold/contracts';
import { type DetailedOutcome } from '@callfold/domain';
import { someEnrichment } from './enrichment.steps';
import { expectRow, type Scenario } from './scenario';
import { dialManually, pickUp } from './outbound.steps';
import { closingParty, hangUp, talk, talkTime, wrapUp } from './voice.steps';

/** Agent-dialed (manual) outbound calls and what the far end does: busy, no answer, a machine, a person. */

function unreached(name: string, result: DialResult, outcome: DetailedOutcome, ringMs: readonly [number, number], reason: string, weight: number): Scenario {
  return {
    name,
    family: 'outbound',
    weight,
    description: `The agent dials; the attempt ends ${result} after ${ringMs[0] / 1000}–${ringMs[1] / 1000} s; nobody is reached.`,
    expected: expectRow('OUTBOUND', 'VOICE', outcome, 'IvrDrop', { inSla: null, quickDrop: null }),
    build(ctx) {
      const { rng, b } = ctx;
      const agent = dialManually(ctx);
      b.wait(rng.int(ringMs[0], ringMs[1])).emit('pbx', 'DialAttemptEnded', { result });
      // At a voicemail machine the agent may still leave a message before hanging up.
      if (result === 'VOICEMAIL' && rng.chance(0.6)) b.wait(rng.int(10_000, 40_000));
      hangUp(ctx, result === 'VOICEMAIL' ? 'AGENT' : 'SYSTEM', reason);
      if (rng.chance(0.5)) wrapUp(ctx, agent);
    },
  };
}

const answered: Scenario = {
  name: 'outbound.answered',
  family: 'outbound',
  weight: 3,
  description: 'The agent dials and the customer picks up: accepted without a queue (wait 0, in SLA).',
  expected: expectRow('OUTBOUND', 'VOICE', 'Completed', 'Accepted', { inSla: true }),
  build(ctx) {
    const agent = dialManually(ctx);
    pickUp(ctx, agent, 'pbx');
    talk(ctx, agent, talkTime(ctx), ctx.rng.chance(0.15));
    hangUp(ctx, closingParty(ctx));
    wrapUp(ctx, agent);
    someEnrichment(ctx);
  },
};

export const OUTBOUND_SCENARIOS: readonly Scenario[] = [
  unreached('outbound.busy', 'BUSY', 'Busy', [2_000, 6_000], 'user_busy', 1),
  unreached('outbound.no-answer', 'NO_ANSWER', 'NoAnswer', [20_000, 45_000], 'no_answer', 1.5),
  unreached('outbound.voicemail', 'VOICEMAIL', 'Voicemail', [12_000, 30_000], 'answering_machine', 1),
  answered,
];
