import { parseCallEventJson, toCallEventJson, validateCallEvent, type CallEventValidation } from './call-event.validation';
import { encodeCallEvent } from './call-event.codec';
import { type CallEventOf } from './generated/v1';
import { formatIssues } from './validation-issue';
import { loadExamples } from './testing/contract-examples.fixture';

const envelope = {
  eventId: 'evt-1',
  conversationId: 'conv-1',
  occurredAt: 1718010915123,
  sequence: 4,
  source: { system: 'acd', vendor: 'genesys', node: null },
};

function event(type: string, payload: unknown): unknown {
  return { ...envelope, type, payload };
}

function messages(result: CallEventValidation): readonly string[] {
  return result.ok ? [] : result.errors.map((e) => e.message);
}

describe('validateCallEvent: custom attributes', () => {
  it.each([
    ['callfold.range on an int', event('Queued', { queueId: 'q', priority: 9, teamId: null }), 'payload.priority: 9 is outside 1..8'],
    ['callfold.range on a nullable int', event('Requeued', { queueId: 'q', priority: 0, reason: null }), 'payload.priority: 0 is outside 1..8'],
    ['callfold.range on a nullable long', event('VoicemailReceived', { durationMs: -1, recordingUrl: null }), 'payload.durationMs: -1 is outside 0..86400000'],
    ['callfold.minLength on an envelope field', { ...(event('QueueTimedOut', { queueId: null }) as object), eventId: '' }, 'eventId: must not be empty'],
    ['callfold.minLength on a nested record', { ...(event('QueueTimedOut', { queueId: null }) as object), source: { system: '', vendor: null, node: null } }, 'source.system: must not be empty'],
    ['callfold.format json', event('FunctionExecuted', { name: 'f', parametersJson: '{"a":', outputJson: null, succeeded: true }), /^payload\.parametersJson: "\{\\"a\\":" is not valid JSON \(/],
    ['callfold.format json on a nullable string', event('FunctionExecuted', { name: 'f', parametersJson: '{}', outputJson: 'ok', succeeded: true }), /^payload\.outputJson: "ok" is not valid JSON/],
    ['callfold.format url', event('TicketLinked', { ticketId: 'INC-1', ticketUrl: 'crm/cases/1' }), 'payload.ticketUrl: "crm/cases/1" is not an absolute URL'],
  ])('reports %s with its path and the rule', (_rule, value, expected) => {
    // given an event breaking one rule, when validating it
    const result = validateCallEvent(value);
    // then exactly that rule is reported, with a precise message
    expect(result.ok).toBe(false);
    expect(messages(result)).toHaveLength(1);
    expect(messages(result)[0]).toEqual(typeof expected === 'string' ? expected : expect.stringMatching(expected));
  });

  it('accepts the boundaries of a range and null for nullable ruled fields', () => {
    // given values on the edges of their rules, when validating, then they pass
    expect(validateCallEvent(event('Queued', { queueId: 'q', priority: 1, teamId: null })).ok).toBe(true);
    expect(validateCallEvent(event('Queued', { queueId: 'q', priority: 8, teamId: null })).ok).toBe(true);
    expect(validateCallEvent(event('Requeued', { queueId: 'q', priority: null, reason: null })).ok).toBe(true);
    expect(validateCallEvent(event('RecordingUpdated', { permission: null, url: 's3://bucket/key.opus' })).ok).toBe(true);
  });

  it('counts characters, not UTF-16 units, for minLength', () => {
    // given a one-emoji (two UTF-16 units) queue id, when validating, then it is one character and passes
    expect(validateCallEvent(event('Queued', { queueId: '🎧', priority: 1, teamId: null })).ok).toBe(true);
  });
});

describe('validateCallEvent: long bounds', () => {
  it('given sequences at and beyond the largest long avsc encodes, when validating and encoding, then both agree', () => {
    // given the envelope's long `sequence` at +-(2^53 - 2) and at +-(2^53 - 1)
    const at = (sequence: number) => ({ ...(event('QueueTimedOut', { queueId: null }) as object), sequence });
    // when validating each, then what validates is what avsc accepts
    for (const sequence of [9007199254740990, -9007199254740990, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      const validated = validateCallEvent(at(sequence));
      expect({ sequence, validated: validated.ok }).toEqual({ sequence, validated: Math.abs(sequence) <= 9007199254740990 });
      if (validated.ok) expect(encodeCallEvent(validated.event).length).toBeGreaterThan(0);
    }
  });
});

describe('validateCallEvent: structure', () => {
  it.each([
    ['a missing required field', event('Queued', { priority: 3, teamId: null }), ['payload.queueId: missing required field']],
    ['a wrong enum symbol', event('Ended', { hangupSource: 'CALLER', reason: null }), ['payload.hangupSource: "CALLER" is not one of CUSTOMER, AGENT, VIRTUAL_AGENT, SUPERVISOR, SYSTEM, EXTERNAL, UNKNOWN']],
    ['an unknown event type', event('Teleported', {}), ['type: unknown event type "Teleported" (the event types are listed in schemas/README.md)']],
    ['a miscased event type', event('queued', {}), ['type: unknown event type "queued" (did you mean Queued?)']],
    ['a numeric conversationId', { ...(event('QueueTimedOut', { queueId: null }) as object), conversationId: 42 }, ['conversationId: expected a string, got 42']],
    ['a wrong type in a nullable field', event('Queued', { queueId: 'q', priority: 3, teamId: 7 }), ['payload.teamId: expected null or a string, got 7']],
    ['a non-integer long', { ...(event('QueueTimedOut', { queueId: null }) as object), occurredAt: 1.5 }, ['occurredAt: expected a timestamp in epoch milliseconds (a safe integer), got 1.5']],
    ['a long avsc cannot encode (2^53 - 1)', { ...(event('QueueTimedOut', { queueId: null }) as object), sequence: Number.MAX_SAFE_INTEGER }, ['sequence: expected null or a long (an integer within +-(2^53 - 2)), got 9007199254740991']],
    ['an int beyond 32 bits', event('CsatReceived', { score: 2 ** 31, scaleMax: 5, comment: null }), ['payload.score: expected an int, got 2147483648']],
    ['an unknown payload field', event('Queued', { queueId: 'q', priority: 3, teamId: null, skill: 'x' }), ['payload.skill: unknown field (Queued has: queueId, priority, teamId)']],
    ['an unknown envelope field', { ...(event('QueueTimedOut', { queueId: null }) as object), tenant: 't1' }, ['tenant: unknown field (CallEvent has: eventId, conversationId, occurredAt, sequence, source, type, payload)']],
    ['a bad array element', event('TagsAdded', { tags: [{ key: 'a', value: 'b' }, { key: 'c' }] }), ['payload.tags[1].value: missing required field']],
    ['a missing payload', { ...envelope, type: 'Queued' }, ['payload: missing required field']],
    ['a missing type', { ...envelope, payload: {} }, ['type: missing required field']],
    ['a value that is not an object', 'hello', ['event: expected an object (CallEvent), got "hello"']],
  ])('reports %s', (_case, value, expected) => {
    // given a structurally broken event, when validating it, then every problem is named with its path
    expect(messages(validateCallEvent(value))).toEqual(expected);
  });

  it('reports every problem at once, not only the first', () => {
    // given an event with three independent problems
    const value = { ...(event('Queued', { queueId: '', priority: 'high', teamId: null }) as object), conversationId: null };
    // when validating, then all three are reported
    expect(messages(validateCallEvent(value))).toEqual([
      'conversationId: expected a string, got null',
      'payload.queueId: must not be empty',
      'payload.priority: expected an int, got "high"',
    ]);
  });

  it('fills Avro defaults for omitted fields and returns a copy in schema order', () => {
    // given an event omitting defaulted fields (sequence, source.vendor, priority, teamId)
    const input = { payload: { queueId: 'q' }, type: 'Queued', source: { system: 'acd' }, occurredAt: 1, conversationId: 'c', eventId: 'e' };
    // when validating it
    const result = validateCallEvent(input);
    // then the event is complete, ordered like the schema, and the input is untouched
    expect(result).toEqual({
      ok: true,
      event: { eventId: 'e', conversationId: 'c', occurredAt: 1, sequence: null, source: { system: 'acd', vendor: null, node: null }, type: 'Queued', payload: { queueId: 'q', priority: 5, teamId: null } },
    });
    expect(Object.keys(result.ok ? result.event : {})).toEqual(['eventId', 'conversationId', 'occurredAt', 'sequence', 'source', 'type', 'payload']);
    expect(input.payload).toEqual({ queueId: 'q' });
  });

  it('gives each event its own copy of array defaults', () => {
    // given two events relying on the [] default of emotions
    const first = validateCallEvent(event('SentimentAnalyzed', { overall: 'NEUTRAL' }));
    const second = validateCallEvent(event('SentimentAnalyzed', { overall: 'NEUTRAL' }));
    // when comparing their defaults, then they are equal but not shared
    const emotions = (r: CallEventValidation) => (r.ok ? (r.event as CallEventOf<'SentimentAnalyzed'>).payload.emotions : undefined);
    expect(emotions(first)).toEqual([]);
    expect(emotions(first)).not.toBe(emotions(second));
  });
});

describe('parseCallEventJson and toCallEventJson', () => {
  it.each(loadExamples().map((e) => [e.type, e.text] as const))('parses the %s example, written in canonical JSON form', (_type, text) => {
    // given an example file, when parsing it and writing it back
    const result = parseCallEventJson(text);
    expect(messages(result)).toEqual([]);
    // then the examples list every field, in schema order: the file is the canonical form
    expect(toCallEventJson(result.ok ? result.event : (undefined as never))).toBe(JSON.stringify(JSON.parse(text)));
  });

  it('fills defaults for omitted fields', () => {
    // given a minimal JSON line, when parsing it, then defaults are filled in
    const result = parseCallEventJson('{"eventId":"e","conversationId":"c","occurredAt":1,"source":{"system":"ivr"},"type":"OfferedToAgent","payload":{"agentId":"a-1"}}');
    expect(result.ok && result.event.payload).toEqual({ agentId: 'a-1', answerType: 'HUMAN', queueId: null, teamId: null });
    expect(result.ok && result.event.sequence).toBeNull();
  });

  it('accepts ISO-8601 timestamps with a zone and writes epoch milliseconds', () => {
    // given timestamps as ISO strings, when parsing, then they become epoch milliseconds
    const result = parseCallEventJson('{"eventId":"e","conversationId":"c","occurredAt":"2024-06-10T09:15:00.123Z","source":{"system":"dialer"},"type":"SessionScheduled","payload":{"scheduledFor":"2024-06-10T14:15:00+02:00"}}');
    expect(result.ok && [result.event.occurredAt, result.event.payload]).toEqual([1718010900123, { scheduledFor: 1718021700000 }]);
    // and a time without a zone is ambiguous, so it is rejected
    expect(messages(parseCallEventJson('{"eventId":"e","conversationId":"c","occurredAt":"2024-06-10T09:15:00","source":{"system":"x"},"type":"QueueTimedOut","payload":{}}'))).toEqual([
      'occurredAt: expected a timestamp in epoch milliseconds or an ISO-8601 time with zone, got "2024-06-10T09:15:00"',
    ]);
  });

  it('rejects unknown event types and unknown fields with clear messages', () => {
    // given a line with an unknown type and one with an unknown field, when parsing them
    const unknownType = parseCallEventJson('{"eventId":"e","conversationId":"c","occurredAt":1,"source":{"system":"x"},"type":"CallParked","payload":{}}');
    const unknownField = parseCallEventJson('{"eventId":"e","conversationId":"c","occurredAt":1,"source":{"system":"x"},"type":"HoldStarted","payload":{"agent":"a-1"}}');
    // then each names the problem and the path
    expect(formatIssues(unknownType.ok ? [] : unknownType.errors)).toBe('type: unknown event type "CallParked" (the event types are listed in schemas/README.md)');
    expect(formatIssues(unknownField.ok ? [] : unknownField.errors)).toBe('payload.agent: unknown field (HoldStarted has: agentId)');
  });

  it('reports malformed JSON as one invalid-json issue', () => {
    // given a truncated line, when parsing, then the JSON error is reported at the root
    const result = parseCallEventJson('{"eventId":');
    expect(result.ok ? [] : result.errors.map((e) => [e.path, e.code])).toEqual([['', 'invalid-json']]);
  });

  it('keeps a "__proto__" key as an unknown field instead of touching prototypes', () => {
    // given a line trying prototype pollution, when parsing it, then it is an unknown field
    expect(messages(parseCallEventJson('{"eventId":"e","conversationId":"c","occurredAt":1,"source":{"system":"x"},"type":"QueueTimedOut","payload":{"__proto__":{"polluted":true}}}'))).toEqual([
      'payload.__proto__: unknown field (QueueTimedOut has: queueId)',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses to write an invalid event as JSON', () => {
    // given an invalid event, when writing it as JSON, then it throws with the issues
    expect(() => toCallEventJson(event('Queued', { queueId: 'q', priority: 0, teamId: null }) as never)).toThrow('payload.priority: 0 is outside 1..8');
  });
});
