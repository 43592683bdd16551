import { type CallEvent, EventType } from '@callfold/contracts';
import { hash53 } from '../shared/hash53';
import { evolve, foldEvents } from './conversation.reducer';
import { initialState, stateFromConversation } from './conversation.state';
import { ImpossibleTransitionError } from './impossible-transition.error';
import { at, makeEvent, SAMPLE_PAYLOADS, TEST_CONVERSATION } from './testing/event-builders';
import { conversationOf, project } from './testing/project';

describe('evolve: the conversation fold', () => {
  it('starts a conversation from the empty state with the event’s id', () => {
    // given the empty state
    const state = initialState();
    // when a first event is folded
    const next = evolve(state, makeEvent('SessionCreated', at(0), {}, { eventId: 'e-1' }));
    // then the conversation is active, at version 1, and remembers the event id
    expect(next.status).toBe('active');
    const c = conversationOf(next);
    expect(c.conversationId).toBe(TEST_CONVERSATION);
    expect(c.version).toBe(1);
    expect(c.seen).toEqual([hash53('e-1')]);
    expect(c.firstEventAt).toBe(at(0));
    expect(c.updatedAt).toBe(at(0));
    expect(c.phase).toBe('CREATED');
  });

  it('returns the very same state object for a redelivered event', () => {
    // given a conversation that folded an event
    const queued = makeEvent('Queued', at(5), { queueId: 'q-1' });
    const state = foldEvents([makeEvent('SessionCreated', at(0)), queued]);
    // when the same event (same eventId) is delivered again, even with other content
    const again = evolve(state, { ...queued, occurredAt: at(9) });
    // then nothing changes, not even the object identity
    expect(again).toBe(state);
    expect(conversationOf(again).queueEntries).toBe(1);
  });

  it('keeps seen sorted and distinct and version equal to its length', () => {
    // given events whose id hashes arrive in no particular order
    const events = ['x', 'a', 'm', 'b'].map((id, i) => makeEvent('MessageSent', at(i), {}, { eventId: id }));
    // when they are folded
    const c = project(...events);
    // then seen is the sorted set of their hashes
    expect(c.seen).toEqual(['x', 'a', 'm', 'b'].map((id) => hash53(id)).sort((p, q) => p - q));
    expect(c.version).toBe(4);
  });

  it('rejects an event of another conversation with ImpossibleTransitionError', () => {
    // given a state of conversation A
    const state = foldEvents([makeEvent('SessionCreated', at(0))]);
    // when an event of conversation B is folded into it
    const foreign = makeEvent('Ended', at(9), {}, { conversationId: 'conv-other', eventId: 'e-foreign' });
    // then it is rejected with a typed error naming both, and the state is untouched
    expect(() => evolve(state, foreign)).toThrow(ImpossibleTransitionError);
    try {
      evolve(state, foreign);
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONVERSATION_MISMATCH', conversationId: TEST_CONVERSATION, eventId: 'e-foreign' });
    }
    expect(conversationOf(state).endedAt).toBeNull();
  });

  it('rejects an event whose time is not an integer', () => {
    // given any state
    const state = initialState();
    // when the event time is NaN or the sequence fractional
    const badTime = { ...makeEvent('Queued', at(1)), occurredAt: Number.NaN };
    const badSeq = makeEvent('Queued', at(1), {}, { sequence: 1.5 });
    // then both are rejected as INVALID_EVENT_TIME
    expect(() => evolve(state, badTime)).toThrow(expect.objectContaining({ code: 'INVALID_EVENT_TIME' }));
    expect(() => evolve(state, badSeq)).toThrow(expect.objectContaining({ code: 'INVALID_EVENT_TIME' }));
  });

  it('rejects an event type it does not know', () => {
    // given a future event type that slipped past validation
    const unknown = { ...makeEvent('Queued', at(1)), type: 'TeleportRequested' } as unknown as Parameters<typeof evolve>[1];
    // when folded / then it is an UNKNOWN_EVENT impossible transition
    expect(() => evolve(initialState(), unknown)).toThrow(expect.objectContaining({ code: 'UNKNOWN_EVENT' }));
  });

  it('moves to ended on Ended, and not on Failed or DialAttemptEnded alone', () => {
    // given an outbound attempt that failed and reached no one
    const failed = foldEvents([makeEvent('DialingStarted', at(0)), makeEvent('DialAttemptEnded', at(20)), makeEvent('Failed', at(21))]);
    // then it is still active: every conversation ends with Ended
    expect(failed.status).toBe('active');
    // when the Ended arrives
    const ended = evolve(failed, makeEvent('Ended', at(22), { hangupSource: 'SYSTEM' }));
    // then it is ended with phase ENDED
    expect(ended.status).toBe('ended');
    expect(conversationOf(ended).phase).toBe('ENDED');
  });

  it('updates an ended conversation with late enrichment and bumps its version', () => {
    // given an ended conversation
    const ended = foldEvents([makeEvent('SessionCreated', at(0)), makeEvent('Connected', at(10)), makeEvent('Ended', at(100))]);
    const before = conversationOf(ended);
    // when CSAT and sentiment arrive an hour later
    const late = foldEvents(
      [makeEvent('CsatReceived', at(3600), { score: 2, scaleMax: 4, comment: 'slow' }), makeEvent('SentimentAnalyzed', at(900), { overall: 'NEGATIVE', emotions: ['annoyance'] })],
      ended,
    );
    // then they are folded in, the version grows, and it stays ended
    const after = conversationOf(late);
    expect(late.status).toBe('ended');
    expect(after.version).toBe(before.version + 2);
    expect([after.csatScore, after.csatScaleMax, after.csatComment]).toEqual([2, 4, 'slow']);
    expect(after.sentiment).toBe('NEGATIVE');
    expect(after.updatedAt).toBe(at(3600));
    expect(after.phase).toBe('ENDED');
  });

  it('folds a late leg after the end without reopening the conversation', () => {
    // given an ended conversation
    const ended = foldEvents([makeEvent('Connected', at(10)), makeEvent('Ended', at(100))]);
    // when a mid-call transfer is delivered late
    const late = evolve(ended, makeEvent('Transferred', at(50), { targetType: 'AGENT', target: 'agent-2' }));
    // then the transfer is recorded, the phase stays ENDED
    const c = conversationOf(late);
    expect(late.status).toBe('ended');
    expect(c.transfers.map((t) => t.target)).toEqual(['agent-2']);
    expect(c.phase).toBe('ENDED');
    expect(c.clocks['phase']).toEqual({ at: at(50), seq: -1 });
  });

  describe('erasure', () => {
    it('clears every fact but the id, the dedup set, version and erasedAt', () => {
      // given a conversation with facts
      const state = foldEvents([
        makeEvent('SessionCreated', at(0), { customerName: 'Ana Costa', contact: '+351910000000' }),
        makeEvent('Queued', at(3)),
        makeEvent('Ended', at(60)),
      ]);
      // when an erasure is requested
      const erased = evolve(state, makeEvent('ErasureRequested', at(500), { requestedBy: 'dpo@example.com' }));
      // then only the id, seen, version and erasedAt survive
      expect(erased.status).toBe('erased');
      const c = conversationOf(erased);
      expect(c).toMatchObject({ conversationId: TEST_CONVERSATION, erased: true, phase: 'ENDED', version: 4, erasedAt: at(500) });
      expect(c.seen).toHaveLength(4);
      expect([c.customerName, c.contact, c.createdAt, c.queuedAt, c.endedAt, c.queueEntries, c.firstEventAt]).toEqual([null, null, null, null, null, 0, null]);
      expect(c.clocks).toEqual({});
    });

    it('is absorbing: later events only grow seen and version', () => {
      // given an erased conversation
      const erased = foldEvents([makeEvent('SessionCreated', at(0)), makeEvent('ErasureRequested', at(10))]);
      // when more events arrive, one of them an earlier erasure
      const after = foldEvents([makeEvent('Connected', at(5), { agentId: 'agent-9' }), makeEvent('ErasureRequested', at(7))], erased);
      // then no fact comes back; version counts them; erasedAt is the earliest erasure
      const c = conversationOf(after);
      expect(after.status).toBe('erased');
      expect(c.version).toBe(4);
      expect([c.agentId, c.connectedAt, c.agents]).toEqual([null, null, []]);
      expect(c.erasedAt).toBe(at(7));
    });

    it('gives the same projection whether the erasure comes first or last', () => {
      // given a conversation's events including an erasure
      const events = [makeEvent('SessionCreated', at(0)), makeEvent('Queued', at(3)), makeEvent('ErasureRequested', at(50))];
      // when folded erasure-first and erasure-last
      const first = project(events[2]!, events[0]!, events[1]!);
      const last = project(...events);
      // then the projections are identical
      expect(first).toEqual(last);
    });

    it('still returns the same object for a redelivery once erased', () => {
      const erasure = makeEvent('ErasureRequested', at(10));
      const state = foldEvents([makeEvent('SessionCreated', at(0)), erasure]);
      expect(evolve(state, erasure)).toBe(state);
    });
  });

  describe('stateFromConversation', () => {
    it('restores the status a projection is in and continues folding from it', () => {
      // given projections read back from the compacted topic
      const active = project(makeEvent('Queued', at(1)));
      const ended = project(makeEvent('Queued', at(1)), makeEvent('Ended', at(9)));
      const erased = project(makeEvent('Queued', at(1)), makeEvent('ErasureRequested', at(9)));
      // when restored / then the status follows the fields
      expect(stateFromConversation(active).status).toBe('active');
      expect(stateFromConversation(ended).status).toBe('ended');
      expect(stateFromConversation(erased).status).toBe('erased');
      // and folding continues from the restored state
      const next = evolve(stateFromConversation(active), makeEvent('Connected', at(4)));
      expect(conversationOf(next).version).toBe(2);
    });

    it('rejects a projection whose dedup set disagrees with its version or is unsorted', () => {
      const c = project(makeEvent('Queued', at(1), {}, { eventId: 'a' }), makeEvent('Queued', at(2), {}, { eventId: 'b' }));
      expect(() => stateFromConversation({ ...c, version: 5 })).toThrow(expect.objectContaining({ code: 'CORRUPT_STATE' }));
      expect(() => stateFromConversation({ ...c, seen: [...c.seen].reverse() })).toThrow(expect.objectContaining({ code: 'CORRUPT_STATE' }));
    });
  });

  describe('no event type is ignored', () => {
    // Sample payloads whose defaults state nothing (empty tags, no recording fields) get a value.
    const overrides: Partial<Record<EventType, object>> = {
      TagsAdded: { tags: [{ key: 'language', value: 'en' }] },
      RecordingUpdated: { permission: 'DENIED' },
    };
    const bookkeeping = new Set(['version', 'seen', 'firstEventAt', 'updatedAt']);

    it.each(EventType.map((type) => [type]))('%s changes a fact of the projection', (type) => {
      // given a created conversation
      const base = project(makeEvent('SessionCreated', at(0)));
      // when one event of the type is folded
      const event = makeEvent(type, at(30), { ...SAMPLE_PAYLOADS[type], ...overrides[type] }) as CallEvent;
      const after = project(makeEvent('SessionCreated', at(0)), event);
      // then some field other than the dedup bookkeeping differs
      const changed = Object.keys(after).filter((key) => !bookkeeping.has(key) && JSON.stringify(after[key as keyof typeof after]) !== JSON.stringify(base[key as keyof typeof base]));
      expect(changed.length).toBeGreaterThan(0);
    });
  });

  describe('phase', () => {
    it('is last-writer-wins on (at, seq), whatever the arrival order', () => {
      const queued = makeEvent('Queued', at(3));
      const connected = makeEvent('Connected', at(10));
      expect(project(connected, queued).phase).toBe('CONNECTED');
    });

    it('breaks an exact (at, seq) tie by lifecycle rank', () => {
      const queued = makeEvent('Queued', at(3), {}, { sequence: 7 });
      const offered = makeEvent('OfferedToAgent', at(3), {}, { sequence: 7 });
      expect(project(queued, offered).phase).toBe('ASSIGNED');
      expect(project(offered, queued).phase).toBe('ASSIGNED');
    });

    it('uses the sequence to order events of the same millisecond', () => {
      const offered = makeEvent('OfferedToAgent', at(3), {}, { sequence: 1 });
      const queued = makeEvent('Queued', at(3), {}, { sequence: 2 });
      expect(project(queued, offered).phase).toBe('QUEUED');
    });
  });
});
