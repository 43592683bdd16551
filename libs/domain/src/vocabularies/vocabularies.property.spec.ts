import fc from 'fast-check';
import { AiAgentStatus, toAiAgentConversation } from './ai-agent-conversation.vocabulary';
import { Anywhere365Outcome, anywhere365Outcome } from './anywhere365-outcome.vocabulary';
import { toCcaiSessionMetadata } from './ccai-session-metadata.vocabulary';
import { CcaiSessionStatus, ccaiSessionStatus } from './ccai-session-status.vocabulary';
import { ContactoConversationState, toContactoConversation } from './contacto-conversation.vocabulary';
import { DetailedOutcome, detailedOutcome } from './detailed-outcome.vocabulary';
import { OperatorStatus, toOperatorConversation } from './operator-conversation.vocabulary';
import { conversationArbitrary } from './testing/conversation.arbitrary';

const RUNS = { numRuns: 400 };

describe('seed vocabularies over arbitrary projections', () => {
  it('given any projection, when mapped by every seed, then each value is in its vocabulary and nothing throws', () => {
    fc.assert(
      fc.property(conversationArbitrary(), (c) => {
        expect(DetailedOutcome).toContain(detailedOutcome(c));
        expect(OperatorStatus).toContain(toOperatorConversation(c).status);
        expect([...ContactoConversationState, null]).toContain(toContactoConversation(c).conversationState);
        expect([...AiAgentStatus, null]).toContain(toAiAgentConversation(c).status);
        expect(Object.values(CcaiSessionStatus)).toContain(ccaiSessionStatus(c));
        expect([...Anywhere365Outcome, null]).toContain(anywhere365Outcome(c));
        const ccai = toCcaiSessionMetadata(c);
        for (const seconds of [ccai.handleDurationSec, ccai.holdDurationSec]) if (seconds !== null) expect(seconds).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('given any projection, then the seeds agree on whether it was answered and whether it is over', () => {
    fc.assert(
      fc.property(conversationArbitrary(), (c) => {
        const answered = anywhere365Outcome(c) === 'Accepted';
        const over = detailedOutcome(c) !== 'InProgress';
        expect(toContactoConversation(c).conversationState === 'Customer answered').toBe(answered);
        expect(toAiAgentConversation(c).status === null).toBe(!over);
        const operator = toOperatorConversation(c).status;
        expect(operator === 'queued' || operator === 'in-progress').toBe(!over);
        if (over) expect(anywhere365Outcome(c)).not.toBeNull();
      }),
      RUNS,
    );
  });
});
