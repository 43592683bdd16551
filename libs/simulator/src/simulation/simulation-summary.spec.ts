import { type CallEvent } from '@callfold/contracts';
import { detailedOutcome } from '@callfold/domain';
import { byConversation, fold } from '../testing/fold';
import { createSimulation } from './create-simulation';

describe('expectedSummary', () => {
  const simulation = createSimulation({ seed: 77, conversations: 1_500, duplicateShare: 0.03, outOfOrderShare: 0.2 });
  const emissions = [...simulation.emissions()];
  const events: CallEvent[] = emissions.map((e) => e.event);
  const summary = simulation.expectedSummary;

  it('given a run, when the stream is counted, then the summary matches it', () => {
    const distinct = new Set(events.map((e) => e.eventId));
    const conversations = new Set(events.map((e) => e.conversationId));
    expect(summary.conversations).toBe(1_500);
    expect(conversations.size).toBe(1_500);
    expect(summary.emittedEvents).toBe(events.length);
    expect(summary.distinctEvents).toBe(distinct.size);
    expect(summary.duplicates).toBe(events.length - distinct.size);
    expect(summary.duplicates).toBe(emissions.filter((e) => e.redelivery).length);
    expect(summary.lastEmitAt).toBe(emissions[emissions.length - 1]?.emitAt);
    expect(summary.firstOccurredAt).toBe(Math.min(...events.map((e) => e.occurredAt)));
    expect(summary.lastOccurredAt).toBe(Math.max(...events.map((e) => e.occurredAt)));
  });

  it('given a run, when counted per scenario, family and event type, then the counts add up', () => {
    const sum = (counts: Readonly<Record<string, number | undefined>>): number => Object.values(counts).reduce((a: number, b) => a + (b ?? 0), 0);
    expect(sum(summary.byScenario)).toBe(1_500);
    expect(sum(summary.byFamily)).toBe(1_500);
    expect(sum(summary.byEventType)).toBe(summary.distinctEvents);
    expect(sum(summary.byDetailedOutcome)).toBe(summary.dialogueRows);
    expect(sum(summary.byOutcome)).toBe(summary.dialogueRows);
    expect(summary.dialogueRows).toBe(1_500 - summary.erasedConversations);
    expect(summary.byEventType.SessionCreated).toBe(1_500);
    expect(summary.byEventType.Ended).toBe(1_500);
  });

  it('given a run with a realistic mix, when counted, then every family occurs and inbound dominates', () => {
    for (const count of Object.values(summary.byFamily)) expect(count).toBeGreaterThan(0);
    expect(summary.byFamily.inbound).toBeGreaterThan(summary.byFamily.outbound);
    expect(summary.outOfOrderConversations).toBeGreaterThan(200);
    expect(summary.duplicates).toBeGreaterThan(0.02 * summary.distinctEvents);
  });

  it('given the delivered stream, when each conversation is folded, then the rows match the summary outcome counts', () => {
    const detailed: Record<string, number> = {};
    const outcomes: Record<string, number> = {};
    let erased = 0;
    for (const group of byConversation(events).values()) {
      const { state, conversation, row } = fold(group);
      if (state.status === 'erased') {
        erased += 1;
        continue;
      }
      const d = detailedOutcome(conversation);
      detailed[d] = (detailed[d] ?? 0) + 1;
      if (row?.outcome) outcomes[row.outcome] = (outcomes[row.outcome] ?? 0) + 1;
    }
    expect(erased).toBe(summary.erasedConversations);
    expect(detailed).toEqual(summary.byDetailedOutcome);
    expect(outcomes).toEqual(summary.byOutcome);
  });

  it('given the summary, when read again, then the same object is returned (computed once)', () => {
    expect(simulation.expectedSummary).toBe(summary);
  });
});
