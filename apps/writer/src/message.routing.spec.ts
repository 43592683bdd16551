import { conversationIdsOf, conversationsOf, eventRowsOf, tallyBatch } from './message.routing';
import { batchOf, conv, CONVERSATIONS, ev, EVENTS } from './testing/writer-items.fixture';
import { skipped, tombstone } from './writer-item';

describe('message routing', () => {
  it('given decoded events, when routed, then each becomes a call_events row carrying its partition and offset', () => {
    const batch = batchOf(EVENTS, 2, [
      ['10', ev('e-1', 'c-1')],
      ['11', skipped('UNDECODABLE', 'wrong magic byte')],
      ['12', ev('e-2', 'c-2')],
    ]);

    const { located, dropped } = eventRowsOf(batch.items, new Set());

    expect(located.map((l) => [l.event.eventId, l.at])).toEqual([
      ['e-1', { partition: 2, offset: '10' }],
      ['e-2', { partition: 2, offset: '12' }],
    ]);
    expect(dropped).toBe(0);
  });

  it('given events of an erased conversation, when routed, then they are dropped and counted', () => {
    const batch = batchOf(EVENTS, 0, [
      ['1', ev('e-1', 'c-erased')],
      ['2', ev('e-2', 'c-live')],
      ['3', ev('e-3', 'c-erased')],
    ]);

    const { located, dropped } = eventRowsOf(batch.items, new Set(['c-erased']));

    expect(located.map((l) => l.event.eventId)).toEqual(['e-2']);
    expect(dropped).toBe(2);
  });

  it('given a batch, when asking its conversations, then each id comes once in first-seen order', () => {
    const batch = batchOf(EVENTS, 0, [
      ['1', ev('e-1', 'c-b')],
      ['2', ev('e-2', 'c-a')],
      ['3', ev('e-3', 'c-b')],
    ]);

    expect(conversationIdsOf(batch.items)).toEqual(['c-b', 'c-a']);
  });

  it('given projections and tombstones, when routed, then only projections are written, in offset order', () => {
    const batch = batchOf(CONVERSATIONS, 0, [
      ['5', conv('c-1', 1)],
      ['6', tombstone],
      ['7', conv('c-1', 2)],
    ]);

    expect(conversationsOf(batch.items).map((c) => `${c.conversationId}@${c.version}`)).toEqual(['c-1@1', 'c-1@2']);
  });

  it('given a mixed batch, when tallied, then kinds are counted and skips are listed by reason with their offsets', () => {
    const batch = batchOf(EVENTS, 0, [
      ['1', ev('e-1')],
      ['2', skipped('UNDECODABLE', 'wrong magic byte')],
      ['3', skipped('INVALID_EVENT', 'payload.priority: must be <= 8')],
      ['4', skipped('UNDECODABLE', 'too short')],
      ['5', tombstone],
      ['6', conv('c-1', 1)],
    ]);

    expect(tallyBatch(batch.items)).toEqual({
      events: 1,
      conversations: 1,
      tombstones: 1,
      skipped: { UNDECODABLE: 2, INVALID_EVENT: 1 },
      skippedMessages: [
        { offset: '2', reason: 'UNDECODABLE', detail: 'wrong magic byte' },
        { offset: '3', reason: 'INVALID_EVENT', detail: 'payload.priority: must be <= 8' },
        { offset: '4', reason: 'UNDECODABLE', detail: 'too short' },
      ],
    });
  });
});
