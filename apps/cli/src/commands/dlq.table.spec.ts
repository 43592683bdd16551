import { type DeadLetter } from '@callfold/contracts';
import { DeadLetterCollector, hexPreview, type InspectedLetter, reasonSummary, renderDeadLetters, truncate } from './dlq.table';

const T0 = Date.UTC(2026, 2, 3, 8, 0, 0);

function letter(overrides: Partial<DeadLetter> = {}, offset = '0'): InspectedLetter {
  return {
    partition: 0,
    offset,
    letter: {
      reason: 'UNKNOWN_SCHEMA',
      detail: 'schema id 100000 is not in the registry',
      topic: 'callfold.call-events.v1',
      partition: 2,
      offset: '41',
      key: Buffer.from('conv-1'),
      value: Buffer.from([0x00, 0x00, 0x01, 0x86, 0xa0, 0xde, 0xad]),
      headers: {},
      messageTimestamp: T0 - 1_000,
      deadLetteredAt: T0,
      service: 'writer',
      schemaId: 100_000,
      eventId: null,
      conversationId: 'conv-1',
      ...overrides,
    },
  };
}

describe('dead-letter cells', () => {
  it('given values of several sizes, when previewed, then bytes are spaced hex and a cut is marked', () => {
    expect(hexPreview(null)).toBe('-');
    expect(hexPreview(Buffer.alloc(0))).toBe('');
    expect(hexPreview(Buffer.from([0x00, 0xff, 0x10]))).toBe('00 ff 10');
    expect(hexPreview(Buffer.from('0123456789abcdefXYZ'))).toBe('30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 ...');
  });

  it('given a long multi-line detail, when truncated, then it is one line of the given width ending in ...', () => {
    expect(truncate('payload.priority: must be\n  between 1 and 8', 20)).toBe('payload.priority:...');
    expect(truncate('short', 20)).toBe('short');
  });
});

describe('renderDeadLetters', () => {
  it('given a dead letter, when rendered, then the row shows time, reason, source, conversation, detail, size and first bytes', () => {
    expect(renderDeadLetters([letter()]).split('\n')).toEqual([
      'dead-lettered (UTC)      reason          source (topic/partition/offset)  conversationId  detail                                   size  first 16 bytes (hex)',
      '-----------------------  --------------  -------------------------------  --------------  ---------------------------------------  ----  --------------------',
      '2026-03-03 08:00:00.000  UNKNOWN_SCHEMA  callfold.call-events.v1/2/41     conv-1          schema id 100000 is not in the registry  7 B   00 00 01 86 a0 de ad',
    ]);
  });

  it('given a tombstone without conversation, when rendered, then the empty cells read as -', () => {
    const [, , row] = renderDeadLetters([letter({ value: null, conversationId: null, reason: 'UNDECODABLE' })]).split('\n');

    expect(row?.split(/\s{2,}/)).toEqual(['2026-03-03 08:00:00.000', 'UNDECODABLE', 'callfold.call-events.v1/2/41', '-', 'schema id 100000 is not in the registry', '-', '-']);
  });
});

describe('reasonSummary', () => {
  it('given counts per reason, when summarised, then the most frequent come first and a total closes the table', () => {
    expect(reasonSummary(new Map([['INVALID_EVENT', 2], ['UNDECODABLE', 5], ['KEY_MISMATCH', 2]])).split('\n')).toEqual([
      'reason         count',
      '-------------  -----',
      'UNDECODABLE    5',
      'INVALID_EVENT  2',
      'KEY_MISMATCH   2',
      'total          9',
    ]);
  });
});

describe('DeadLetterCollector', () => {
  it('given more letters than the limit, when collected, then the most recent are kept oldest first and every record is counted', () => {
    const collector = new DeadLetterCollector({ limit: 2 });

    collector.add(letter({ deadLetteredAt: T0 + 3_000 }, '3'));
    collector.add(letter({ deadLetteredAt: T0 + 1_000, reason: 'INVALID_EVENT' }, '1'));
    collector.add(letter({ deadLetteredAt: T0 + 2_000 }, '2'));
    collector.addUnreadable({ partition: 0, offset: '4', detail: 'wrong magic byte' });

    expect(collector.shown().map((l) => l.offset)).toEqual(['2', '3']);
    expect(collector.matched()).toBe(3);
    expect([...collector.perReason()]).toEqual([
      ['UNKNOWN_SCHEMA', 2],
      ['INVALID_EVENT', 1],
      ['(not a DeadLetter)', 1],
    ]);
    expect(collector.unreadable).toEqual([{ partition: 0, offset: '4', detail: 'wrong magic byte' }]);
  });

  it('given a reason filter, when collected, then only that reason is shown while the summary still counts all', () => {
    const collector = new DeadLetterCollector({ limit: 10, reason: 'INVALID_EVENT' });

    collector.add(letter({}, '1'));
    collector.add(letter({ reason: 'INVALID_EVENT' }, '2'));

    expect(collector.shown().map((l) => l.offset)).toEqual(['2']);
    expect(collector.matched()).toBe(1);
    expect(collector.perReason().get('UNKNOWN_SCHEMA')).toBe(1);
  });

  it('given a limit of 0, when collected, then nothing is shown but everything is counted', () => {
    const collector = new DeadLetterCollector({ limit: 0 });

    collector.add(letter());

    expect(collector.shown()).toEqual([]);
    expect(collector.matched()).toBe(1);
  });
});
