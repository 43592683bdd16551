import { byConversation, fold } from '../testing/fold';
import { createSimulation } from './create-simulation';

describe('injected disorder', () => {
  const base = { seed: 31, conversations: 600 };
  const clean = createSimulation(base);
  const messy = createSimulation({ ...base, duplicateShare: 0.1, outOfOrderShare: 1, outOfOrderWindowMs: 4_000 });

  it('given redeliveries, when delivered, then each repeats an earlier event with the same eventId and content', () => {
    const seen = new Map<string, string>();
    let redeliveries = 0;
    for (const { event, redelivery } of messy.emissions()) {
      const json = JSON.stringify(event);
      const earlier = seen.get(event.eventId);
      expect(redelivery).toBe(earlier !== undefined);
      if (earlier !== undefined) {
        redeliveries += 1;
        expect(json).toBe(earlier);
      }
      seen.set(event.eventId, json);
    }
    expect(redeliveries).toBe(messy.expectedSummary.duplicates);
    expect(redeliveries).toBeGreaterThan(0.08 * messy.expectedSummary.distinctEvents);
  });

  it('given disorder options, when generated, then the distinct events are exactly those of the clean run', () => {
    const ids = (events: Iterable<{ eventId: string }>) => [...new Set([...events].map((e) => e.eventId))].sort();
    expect(ids(messy.events())).toEqual(ids(clean.events()));
  });

  it('given shuffled conversations, when delivered, then events do arrive after later ones, held back at most the window', () => {
    let inversions = 0;
    for (const c of messy.conversations()) {
      expect(c.outOfOrder).toBe(true);
      for (let i = 0; i < c.emission.length; i++) {
        const event = c.emission[i]!;
        const delay = c.emitAt[i]! - event.occurredAt;
        const late = ['CsatReceived', 'SentimentAnalyzed', 'SummaryProduced', 'ReviewFlagged', 'TicketLinked', 'RecordingUpdated', 'ErasureRequested'].includes(event.type);
        if (!c.redelivery[i] && !late) expect(delay).toBeLessThanOrEqual(4_000);
        if (i > 0 && event.occurredAt < c.emission[i - 1]!.occurredAt) inversions += 1;
      }
    }
    expect(inversions).toBeGreaterThan(600);
  });

  it('given shuffled and redelivered events, when each conversation is folded, then the projections equal the clean ones', () => {
    const cleanGroups = byConversation(clean.events());
    const messyGroups = byConversation(messy.events());
    expect(messyGroups.size).toBe(600);
    for (const [conversationId, events] of messyGroups) {
      const expected = fold(cleanGroups.get(conversationId)!);
      const actual = fold(events);
      expect(JSON.stringify(actual.conversation)).toBe(JSON.stringify(expected.conversation));
      expect(actual.row).toEqual(expected.row);
    }
  });
});
