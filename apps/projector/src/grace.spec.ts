import { foldEvents } from '@callfold/domain';
import { advanceWatermark, closedAt, cutoffOf, isExpired, isLate, memoryFloorOf, recordTimestampOf, routeEvent } from './grace';
import { answeredCall, DAY, erasureRequested, HOUR, liveCall, MINUTE, POLICY, tagsAdded } from './testing/projector.fixtures';

const T = Date.UTC(2026, 2, 18, 10, 0, 0);

describe('grace rules', () => {
  describe('closedAt: when the grace period of a conversation starts', () => {
    it('given a live conversation, then it never closes', () => {
      expect(closedAt(foldEvents(liveCall('c', T)))).toBeNull();
    });

    it('given an ended conversation, then it is its last activity (the Ended, 3 minutes after the start)', () => {
      expect(closedAt(foldEvents(answeredCall('c', T)))).toBe(T + 3 * MINUTE);
    });

    it('given an ended conversation enriched later, then the enrichment moves it', () => {
      expect(closedAt(foldEvents([...answeredCall('c', T), tagsAdded('c', T + 40 * MINUTE)]))).toBe(T + 40 * MINUTE);
    });

    it('given an erased conversation, then it is the erasure time (an erased projection keeps no other time)', () => {
      expect(closedAt(foldEvents([...answeredCall('c', T), erasureRequested('c', T + 72 * HOUR)]))).toBe(T + 72 * HOUR);
    });
  });

  describe('cutoff, expiry and the late-event rule (grace 1 h)', () => {
    it('given no watermark yet, then nothing is late and nothing expires', () => {
      expect(cutoffOf(null, POLICY)).toBeNull();
      expect(isLate(0, null, POLICY)).toBe(false);
      expect(isExpired(foldEvents(answeredCall('c', T)), null)).toBe(false);
    });

    it('given a watermark, when an event is older than watermark - grace, then it is late; at the cutoff exactly, it is not', () => {
      const watermark = T + 2 * HOUR;
      expect(cutoffOf(watermark, POLICY)).toBe(T + HOUR);
      expect(isLate(T + HOUR - 1, watermark, POLICY)).toBe(true);
      expect(isLate(T + HOUR, watermark, POLICY)).toBe(false);
    });

    it('given an ended conversation, when its last activity is before the cutoff, then it expires; a live one never does', () => {
      const ended = foldEvents(answeredCall('c', T)); // closed at T + 3 min
      expect(isExpired(ended, T + 3 * MINUTE + 1)).toBe(true);
      expect(isExpired(ended, T + 3 * MINUTE)).toBe(false);
      expect(isExpired(foldEvents(liveCall('c', T)), T + 100 * HOUR)).toBe(false);
    });
  });

  describe('watermark', () => {
    it('given events, then the watermark is the greatest event time and never goes back', () => {
      let w = advanceWatermark(null, T, T, POLICY);
      w = advanceWatermark(w, T + MINUTE, T + MINUTE, POLICY);
      w = advanceWatermark(w, T - HOUR, T + 2 * MINUTE, POLICY);
      expect(w).toBe(T + MINUTE);
    });

    it('given an event stamped in the far future, then it moves the watermark only to its record timestamp + max skew', () => {
      const year2100 = Date.UTC(2100, 0, 1);
      expect(advanceWatermark(T, year2100, T + MINUTE, POLICY)).toBe(T + MINUTE + 5 * MINUTE);
    });

    it('given a record without a timestamp, then the event time is taken as it is', () => {
      expect(recordTimestampOf({ timestamp: '-1' })).toBeNull();
      expect(recordTimestampOf({ timestamp: '1718010915200' })).toBe(1_718_010_915_200);
      expect(advanceWatermark(null, T, null, POLICY)).toBe(T);
    });
  });

  describe('routeEvent: what happens to an event, by where its conversation is (grace 1 h, horizon 7 days)', () => {
    const watermark = T + 3 * HOUR; // cutoff T + 2 h
    const csat = tagsAdded('c', T + 2 * HOUR + 30 * MINUTE); // recent: after the cutoff
    const old = tagsAdded('c', T + HOUR); // before the cutoff

    it('given the conversation in state, then the event is folded, however old', () => {
      expect(routeEvent(old, true, null, watermark, POLICY)).toEqual({ action: 'fold', as: 'existing' });
    });

    it('given a remembered (evicted) conversation, when a recent event arrives, then it is a LATE_EVENT with the eviction watermark', () => {
      expect(routeEvent(csat, false, T + 2 * HOUR, watermark, POLICY)).toEqual({ action: 'evicted', evictedAt: T + 2 * HOUR });
    });

    it('given a conversation forgotten beyond the horizon, when an old erasure arrives, then it still takes effect as an erasure', () => {
      expect(routeEvent(erasureRequested('c', T - 30 * DAY), false, null, watermark, POLICY)).toEqual({ action: 'fold', as: 'erasure' });
    });

    it('given a remembered conversation, when an erasure arrives (recent or old), then it is folded as an erasure', () => {
      expect(routeEvent(erasureRequested('c', T + 3 * HOUR), false, T + 2 * HOUR, watermark, POLICY)).toEqual({ action: 'fold', as: 'erasure' });
      expect(routeEvent(erasureRequested('c', T), false, T + 2 * HOUR, watermark, POLICY)).toEqual({ action: 'fold', as: 'erasure' });
    });

    it('given an unknown conversation, when the event is older than the cutoff, then it is late, with the cutoff', () => {
      expect(routeEvent(old, false, null, watermark, POLICY)).toEqual({ action: 'late', cutoff: T + 2 * HOUR });
    });

    it('given an unknown conversation, when the event is within the grace period, then it starts a new conversation', () => {
      expect(routeEvent(csat, false, null, watermark, POLICY)).toEqual({ action: 'fold', as: 'new' });
      expect(routeEvent(old, false, null, null, POLICY)).toEqual({ action: 'fold', as: 'new' });
    });

    it('the memory floor is the watermark minus the horizon', () => {
      expect(memoryFloorOf(watermark, POLICY)).toBe(watermark - 7 * DAY);
      expect(memoryFloorOf(null, POLICY)).toBeNull();
    });
  });
});
