import { commitPlan, lagOf, maxOffset, nextCommitOffset, parseOffset, resumeOffset, totalLag } from './offsets';

describe('offsets', () => {
  describe('nextCommitOffset', () => {
    it('given the last processed offset, when computing the commit, then it is the next offset as a string', () => {
      expect(nextCommitOffset('0')).toBe('1');
      expect(nextCommitOffset('41')).toBe('42');
    });

    it('given an offset above 2^53, when computing the commit, then no precision is lost', () => {
      expect(nextCommitOffset('9007199254740993')).toBe('9007199254740994');
    });

    it('given -1 (nothing processed) or garbage, when computing the commit, then it throws', () => {
      expect(() => nextCommitOffset('-1')).toThrow(RangeError);
      expect(() => nextCommitOffset('12a')).toThrow(RangeError);
      expect(() => nextCommitOffset('')).toThrow(RangeError);
    });
  });

  describe('parseOffset / maxOffset', () => {
    it('given int64 bounds, when parsed, then the maximum is accepted and beyond it is rejected', () => {
      expect(parseOffset('9223372036854775807')).toBe(9223372036854775807n);
      expect(() => parseOffset('9223372036854775808')).toThrow(RangeError);
      expect(() => parseOffset('-2')).toThrow(RangeError);
    });

    it('given offsets compared as numbers, not strings, when taking the max, then 10 beats 9', () => {
      expect(maxOffset(['9', '10', '2'])).toBe('10');
      expect(maxOffset([])).toBeUndefined();
    });
  });

  describe('commitPlan', () => {
    it('given batches for several partitions, when planned, then each partition commits its highest offset + 1, sorted', () => {
      const plan = commitPlan([
        { topic: 'b', partition: 0, offsets: ['5', '6'] },
        { topic: 'a', partition: 2, offsets: ['10', '9'] },
        { topic: 'a', partition: 1, offsets: ['0'] },
      ]);

      expect(plan).toEqual([
        { topic: 'a', partition: 1, offset: '1' },
        { topic: 'a', partition: 2, offset: '11' },
        { topic: 'b', partition: 0, offset: '7' },
      ]);
    });

    it('given two batches of the same partition, when planned, then one commit at the overall highest offset', () => {
      const plan = commitPlan([
        { topic: 't', partition: 0, offsets: ['20', '21'] },
        { topic: 't', partition: 0, offsets: ['3'] },
      ]);

      expect(plan).toEqual([{ topic: 't', partition: 0, offset: '22' }]);
    });

    it('given an empty partition batch, when planned, then that partition is left out', () => {
      expect(commitPlan([{ topic: 't', partition: 0, offsets: [] }])).toEqual([]);
      expect(commitPlan([])).toEqual([]);
    });
  });

  describe('resumeOffset', () => {
    it('given a commit, none, or one below the log start, when asking where the group resumes, then it is the commit or the log start', () => {
      expect(resumeOffset('60', '30')).toBe('60');
      expect(resumeOffset('-1', '30')).toBe('30');
      expect(resumeOffset('10', '30')).toBe('30');
      expect(resumeOffset('-1')).toBe('0');
    });
  });

  describe('lagOf', () => {
    it('given an end offset and a commit, when computing lag, then it is their difference', () => {
      expect(lagOf('100', '60')).toBe('40');
      expect(lagOf('100', '100')).toBe('0');
    });

    it('given no commit (-1), when computing lag, then it counts from the log start', () => {
      expect(lagOf('100', '-1')).toBe('100');
      expect(lagOf('100', '-1', '30')).toBe('70');
    });

    it('given a commit below the log start (retention deleted those messages), when computing lag, then it counts from the log start', () => {
      expect(lagOf('100', '10', '30')).toBe('70');
      expect(lagOf('100', '30', '30')).toBe('70');
      expect(lagOf('100', '50', '30')).toBe('50');
    });

    it('given an empty partition, when computing lag, then it is zero', () => {
      expect(lagOf('0', '-1')).toBe('0');
    });

    it('given a commit ahead of a stale end offset, when computing lag, then it is zero, never negative', () => {
      expect(lagOf('5', '7')).toBe('0');
    });

    it('given lags of several partitions, when summed, then the total is exact beyond 2^53', () => {
      expect(totalLag(['9007199254740993', '1', '0'])).toBe('9007199254740994');
      expect(totalLag([])).toBe('0');
    });
  });
});
