import { type CallEvent, type Conversation } from '@callfold/contracts';
import fc from 'fast-check';
import { evolve, foldEvents } from './conversation.reducer';
import { type ConversationState, initialState, stateFromConversation } from './conversation.state';
import { lifecycleEvents } from './testing/conversation.arbitrary';
import { chaoticEvents } from './testing/payload.arbitrary';
import { conversationOf } from './testing/project';

const RUNS = { numRuns: 200 };

/** A set of events together with one random arrival order of it. */
const withPermutation = (events: fc.Arbitrary<CallEvent[]>) =>
  events.chain((set) => fc.tuple(fc.constant(set), fc.shuffledSubarray(set, { minLength: set.length, maxLength: set.length })));

/** The events plus redeliveries of some of them, all in a random order. */
const withRedeliveries = (events: fc.Arbitrary<CallEvent[]>) =>
  events.chain((set) =>
    fc.tuple(
      fc.constant(set),
      fc.array(fc.constantFrom(...set), { maxLength: set.length }).chain((again) => {
        const all = [...set, ...again];
        return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
      }),
    ),
  );

const projectionOf = (events: readonly CallEvent[]): Conversation => conversationOf(foldEvents(events));

describe('conversation fold properties', () => {
  it('any arrival order of a lifecycle gives a byte-identical projection', () => {
    fc.assert(
      fc.property(withPermutation(lifecycleEvents()), ([inOrder, shuffled]) => {
        // given a lifecycle's events / when folded in order and shuffled / then identical
        const a = projectionOf(inOrder);
        const b = projectionOf(shuffled);
        expect(b).toEqual(a);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      RUNS,
    );
  });

  it('any arrival order of ANY set of events (ties everywhere) gives a byte-identical projection', () => {
    fc.assert(
      fc.property(withPermutation(chaoticEvents({ withErasure: false })), ([one, other]) => {
        expect(JSON.stringify(projectionOf(other))).toBe(JSON.stringify(projectionOf(one)));
      }),
      { numRuns: 300 },
    );
  });

  it('order independence holds with erasures among the events too', () => {
    fc.assert(
      fc.property(withPermutation(chaoticEvents({ maxLength: 12 })), ([one, other]) => {
        const a = foldEvents(one);
        const b = foldEvents(other);
        expect(b.status).toBe(a.status);
        expect(JSON.stringify(conversationOf(b))).toBe(JSON.stringify(conversationOf(a)));
      }),
      RUNS,
    );
  });

  it('redeliveries change nothing: each returns the same state object, and the result equals the deduplicated fold', () => {
    fc.assert(
      fc.property(withRedeliveries(chaoticEvents({ maxLength: 15 })), ([distinct, delivered]) => {
        const seen = new Set<string>();
        let state: ConversationState = initialState();
        for (const event of delivered) {
          const next = evolve(state, event);
          if (seen.has(event.eventId)) expect(next).toBe(state);
          seen.add(event.eventId);
          state = next;
        }
        expect(JSON.stringify(conversationOf(state))).toBe(JSON.stringify(projectionOf(distinct)));
      }),
      RUNS,
    );
  });

  it('the version only grows along any fold and counts the distinct events', () => {
    fc.assert(
      fc.property(withRedeliveries(lifecycleEvents()), ([distinct, delivered]) => {
        let state: ConversationState = initialState();
        let version = 0;
        for (const event of delivered) {
          state = evolve(state, event);
          const now = conversationOf(state).version;
          expect(now).toBeGreaterThanOrEqual(version);
          version = now;
        }
        expect(version).toBe(distinct.length);
      }),
      RUNS,
    );
  });

  it('a projection restored from its serialised form folds the remaining events to the same result', () => {
    fc.assert(
      fc.property(withPermutation(lifecycleEvents()), fc.nat(), ([events, shuffled], cut) => {
        // given part of the events folded, written to the compacted topic and read back
        const split = cut % (shuffled.length + 1);
        const prefix = foldEvents(shuffled.slice(0, split));
        const restored = prefix.status === 'empty' ? prefix : stateFromConversation(JSON.parse(JSON.stringify(prefix.conversation)) as Conversation);
        // when the rest is folded on the restored state / then it equals folding everything
        const resumed = foldEvents(shuffled.slice(split), restored);
        expect(JSON.stringify(conversationOf(resumed))).toBe(JSON.stringify(projectionOf(events)));
      }),
      RUNS,
    );
  });

  it('durations derived from a well-formed lifecycle are never negative, in any arrival order', () => {
    const gap = (from: number | null, to: number | null) => (from === null || to === null ? 0 : to - from);
    fc.assert(
      fc.property(withPermutation(lifecycleEvents({ withErasure: false })), ([, shuffled]) => {
        const c = projectionOf(shuffled);
        const waits = [
          gap(c.createdAt, c.endedAt),
          gap(c.firstEventAt, c.createdAt),
          gap(c.endedAt, c.updatedAt),
          gap(c.createdAt, c.ivrEnteredAt),
          gap(c.ivrEnteredAt, c.queuedAt),
          gap(c.queuedAt, c.assignedAt),
          gap(c.assignedAt, c.connectedAt),
          gap(c.connectingAt, c.connectedAt),
          gap(c.connectedAt, c.humanConnectedAt),
          gap(c.connectedAt, c.endedAt),
          gap(c.queuedAt, c.endedAt),
          gap(c.dialingAt, c.endedAt),
          gap(c.wrapUpStartedAt, c.wrapUpEndedAt),
          gap(c.endedAt, c.wrapUpEndedAt),
          ...c.holdStarts.map((start, i) => gap(start, c.holdEnds[i] ?? null)),
          ...c.participants.map((p) => gap(p.joinedAt, p.leftAt)),
        ];
        expect(waits.every((w) => w >= 0)).toBe(true);
        expect(c.endedAt).not.toBeNull();
        expect(c.phase === 'ENDED' || c.phase === 'WRAP_UP').toBe(true);
      }),
      RUNS,
    );
  });
});
