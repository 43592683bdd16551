import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchSizeFor, classifyLine, emptyTally, formatRejection, type LineResult, pacingDelayMs, tallyIsComplete, tallyLine, tallyProduced } from './replay.lines';

const GOOD = readFileSync(join(__dirname, '../../../../test/fixtures/inbound-abandoned-quick.ndjson'), 'utf8').split('\n')[0] ?? '';

describe('classifyLine', () => {
  it('given a valid event line, when classified, then it is an event with its line number', () => {
    const result = classifyLine(GOOD, 7);

    expect(result).toMatchObject({ kind: 'event', line: 7, event: { type: 'SessionCreated', conversationId: '1949e8fb-ccb9-4133-a032-c3483a61311f' } });
  });

  it('given blank and whitespace-only lines, when classified, then they are blank, not rejected', () => {
    expect(classifyLine('', 1)).toEqual({ kind: 'blank' });
    expect(classifyLine('  \t', 2)).toEqual({ kind: 'blank' });
  });

  it('given text that is not JSON, when classified, then it is rejected with its line number and a reason', () => {
    const result = classifyLine('not json', 3);

    expect(result.kind).toBe('rejected');
    expect(result).toMatchObject({ rejection: { line: 3 } });
    expect((result as Extract<LineResult, { kind: 'rejected' }>).rejection.reason.length).toBeGreaterThan(0);
  });

  it('given JSON breaking several contract rules, when classified, then the reason names every broken field', () => {
    const event = JSON.parse(GOOD) as Record<string, unknown>;
    const bad = JSON.stringify({ ...event, eventId: '', occurredAt: 'yesterday' });

    const result = classifyLine(bad, 4);

    expect(result.kind).toBe('rejected');
    const { reason } = (result as Extract<LineResult, { kind: 'rejected' }>).rejection;
    expect(reason).toMatch(/eventId/);
    expect(reason).toMatch(/occurredAt/);
  });
});

describe('formatRejection', () => {
  it('given a rejection, when formatted, then it reads file:line: reason', () => {
    expect(formatRejection('in.ndjson', { line: 12, reason: 'eventId: must not be empty' })).toBe('rejected in.ndjson:12: eventId: must not be empty');
  });
});

describe('replay tally', () => {
  it('given a good, a blank and a bad line, when tallied and the good one produced, then every line is counted once and the tally is complete', () => {
    const lines = [GOOD, '', '{"eventId": 1}'];

    let tally = lines.map((text, i) => classifyLine(text, i + 1)).reduce(tallyLine, emptyTally);
    const beforeProduce = tallyIsComplete(tally);
    tally = tallyProduced(tally, 1);

    expect(tally).toEqual({ lines: 3, blank: 1, accepted: 1, rejected: 1, produced: 1 });
    expect(beforeProduce).toBe(false);
    expect(tallyIsComplete(tally)).toBe(true);
  });
});

describe('rate limiting', () => {
  it.each([
    [500, undefined, 500],
    [500, 10, 1],
    [500, 1_000, 100],
    [500, 1_000_000, 500],
    [500, 0.5, 1],
  ])('given batch size %d and rate %s, when sized, then batches hold %d events', (batchSize, rate, expected) => {
    expect(batchSizeFor(batchSize, rate)).toBe(expected);
  });

  it('given 100 events produced after 50 ms at 1000/s, when paced, then the replay waits 50 ms more', () => {
    expect(pacingDelayMs(100, 50, 1_000)).toBe(50);
  });

  it('given a replay behind its rate or without one, when paced, then it does not wait', () => {
    expect(pacingDelayMs(100, 200, 1_000)).toBe(0);
    expect(pacingDelayMs(100, 0, undefined)).toBe(0);
  });
});
