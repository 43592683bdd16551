import { type CallEvent, encodeCallEvent, validateCallEvent } from '@callfold/contracts';
import { evolve, foldEvents, ImpossibleTransitionError } from '@callfold/domain';
import { impossibleTransitions, poisonBytes, poisonEvents } from './poison-messages';

describe('poison messages', () => {
  const events = poisonEvents({ seed: 3 });

  it('given the poison events, when listed, then each label is unique and names the expected reason', () => {
    expect(events.map((p) => [p.label, p.expectedReason])).toEqual([
      ['invalid/priority-out-of-range', 'INVALID_EVENT'],
      ['invalid/empty-event-id', 'INVALID_EVENT'],
      ['invalid/unknown-enum-symbol', 'INVALID_EVENT'],
      ['invalid/csat-out-of-range', 'INVALID_EVENT'],
      ['invalid/parameters-not-json', 'INVALID_EVENT'],
      ['invalid/ticket-url-relative', 'INVALID_EVENT'],
      ['invalid/unknown-event-type', 'INVALID_EVENT'],
      ['invalid/missing-required-field', 'INVALID_EVENT'],
      ['invalid/unsafe-sequence', 'INVALID_EVENT'],
      ['key/missing', 'MISSING_KEY'],
      ['key/mismatch', 'KEY_MISMATCH'],
    ]);
  });

  it.each(poisonEvents({ seed: 3 }).filter((p) => p.expectedReason === 'INVALID_EVENT'))('given $label, when validated, then it fails at $expectedPath', (poison) => {
    const result = validateCallEvent(poison.value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual([poison.expectedPath]);
  });

  it('given the out-of-range priority, when validated, then the message names the range', () => {
    const result = validateCallEvent(events[0]!.value);
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual(['payload.priority: 9 is outside 1..8']);
  });

  it('given the poison events flagged Avro-encodable, when encoded, then Avro accepts them (the contract rules must catch them)', () => {
    for (const poison of events.filter((p) => p.avroEncodable)) expect(encodeCallEvent(poison.value as unknown as CallEvent).length).toBeGreaterThan(0);
    for (const poison of events.filter((p) => !p.avroEncodable)) expect(() => encodeCallEvent(poison.value as unknown as CallEvent)).toThrow();
  });

  it('given the key cases, when validated, then the event is valid and only the key is wrong', () => {
    const [missing, mismatch] = events.filter((p) => p.label.startsWith('key/'));
    expect(validateCallEvent(missing!.value).ok).toBe(true);
    expect(missing!.key).toBeNull();
    expect(validateCallEvent(mismatch!.value).ok).toBe(true);
    expect(mismatch!.key).not.toBe(mismatch!.value['conversationId']);
  });

  it.each(impossibleTransitions())('given $label, when folded after its history, then the reducer refuses it with $code', ({ history, event, code }) => {
    const state = foldEvents(history);
    expect(() => evolve(state, event as unknown as CallEvent)).toThrow(ImpossibleTransitionError);
    try {
      evolve(state, event as unknown as CallEvent);
    } catch (error) {
      expect((error as ImpossibleTransitionError).code).toBe(code);
    }
  });

  it('given the garbage buffers, when inspected, then none is a well-formed frame except the unknown-schema one', () => {
    const buffers = poisonBytes({ seed: 3, schemaId: 7 });
    expect(buffers.map((p) => [p.label, p.expectedReason])).toEqual([
      ['bytes/empty', 'UNDECODABLE'],
      ['bytes/json-not-avro', 'UNDECODABLE'],
      ['bytes/truncated-header', 'UNDECODABLE'],
      ['bytes/random', 'UNDECODABLE'],
      ['bytes/unknown-schema-id', 'UNKNOWN_SCHEMA'],
      ['bytes/garbage-body', 'UNDECODABLE'],
    ]);
    const byLabel = new Map(buffers.map((p) => [p.label, p.bytes]));
    expect(byLabel.get('bytes/empty')).toHaveLength(0);
    expect(byLabel.get('bytes/json-not-avro')![0]).toBe('{'.charCodeAt(0));
    expect(byLabel.get('bytes/random')![0]).not.toBe(0);
    expect([...byLabel.get('bytes/unknown-schema-id')!.subarray(0, 5)]).toEqual([0, 0x7f, 0xff, 0xff, 0xf0]);
    expect([...byLabel.get('bytes/garbage-body')!.subarray(0, 6)]).toEqual([0, 0, 0, 0, 7, 0xff]);
  });

  it('given a seed, when generated twice, then the poison is identical; another seed changes the ids and random bytes', () => {
    expect(poisonBytes({ seed: 3 })).toEqual(poisonBytes({ seed: 3 }));
    expect(poisonEvents({ seed: 3 })).toEqual(poisonEvents({ seed: 3 }));
    expect(poisonBytes({ seed: 4 })[3]!.bytes).not.toEqual(poisonBytes({ seed: 3 })[3]!.bytes);
    expect(poisonEvents({ seed: 4 })[0]!.value['eventId']).not.toBe(poisonEvents({ seed: 3 })[0]!.value['eventId']);
  });
});
