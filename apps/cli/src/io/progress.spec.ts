import { type ErrorStream } from '../cli/cli-io';
import { createProgressReporter, eventsPerSecond, formatBytes, formatCount, formatDuration, formatProgressBar, formatProgressLine, type ProgressSnapshot } from './progress';

const half: ProgressSnapshot = { count: 12_345, rejected: 3, doneBytes: 1_048_576, totalBytes: 2_097_152, elapsedMs: 5_000 };

describe('progress formatting', () => {
  it('given counts, sizes and durations, when formatted, then they read as people write them', () => {
    expect(formatCount(1_234_567.4)).toBe('1,234,567');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_572_864)).toBe('1.5 MiB');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(eventsPerSecond(500, 0)).toBe(0);
    expect(eventsPerSecond(500, 250)).toBe(2_000);
  });

  it('given half the input read in 5 s, when drawn as a bar, then it shows 50 %, the counts, the rate and the time left', () => {
    expect(formatProgressBar(half, 80)).toBe('[#########........]   50%  12,345 produced  3 rejected  2,469 events/s  ETA 0:05');
  });

  it('given half the input read in 5 s, when written as a line, then it carries the same numbers in words', () => {
    expect(formatProgressLine('replay', half)).toBe('replay: 12,345 produced, 3 rejected, 2,469 events/s, 50% of 2.0 MiB, 0:05 elapsed');
  });

  it('given an input of unknown size and other words, when drawn, then there is no bar and the words are used', () => {
    const words = { count: 'read', rejected: 'bad', rate: 'messages/s' };

    expect(formatProgressBar({ ...half, totalBytes: null }, 80, words)).toBe('12,345 read  3 bad  2,469 messages/s');
  });
});

function stream(isTTY: boolean) {
  const writes: string[] = [];
  const s: ErrorStream = { isTTY, columns: 80, write: (text) => writes.push(text) };
  return { s, writes };
}

describe('createProgressReporter', () => {
  it('given stderr is not a terminal, when updated often, then one plain line is written per interval', () => {
    let t = 0;
    const { s, writes } = stream(false);
    const reporter = createProgressReporter({ stream: s, label: 'replay', intervalSeconds: 5, now: () => t });

    for (t = 1_000; t <= 12_000; t += 1_000) reporter.update({ ...half, elapsedMs: t });
    reporter.done();

    expect(writes).toEqual([
      'replay: 12,345 produced, 3 rejected, 2,469 events/s, 50% of 2.0 MiB, 0:05 elapsed\n',
      'replay: 12,345 produced, 3 rejected, 1,235 events/s, 50% of 2.0 MiB, 0:10 elapsed\n',
    ]);
  });

  it('given stderr is a terminal, when updated, then the bar is redrawn in place at most every 100 ms and cleared at the end', () => {
    let t = 0;
    const { s, writes } = stream(true);
    const reporter = createProgressReporter({ stream: s, label: 'replay', intervalSeconds: 5, now: () => t });

    reporter.update(half);
    t = 50;
    reporter.update(half);
    t = 150;
    reporter.update(half);
    reporter.done();

    expect(writes).toHaveLength(3);
    expect(writes[0]).toMatch(/^\r\[#+\.+\] {3}50% {2}12,345 produced .*\x1b\[K$/);
    expect(writes[2]).toBe('\r\x1b[K');
  });
});
