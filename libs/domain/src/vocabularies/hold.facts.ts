import { type Conversation } from '@callfold/contracts';

/** One hold: from its start to its end, or `to: null` while the customer is still on hold. */
export interface HoldInterval {
  readonly from: number;
  readonly to: number | null;
}

export interface HoldSummary {
  /** Number of holds. */
  readonly count: number;
  /** Sum of their lengths in ms; an open hold lasts until the disconnect, or is not counted yet while live. */
  readonly totalMs: number;
}

/**
 * Pairs the sorted hold starts and ends in order. Robust to a lost or duplicated event: a second
 * start while already on hold is the same hold, an end while not on hold is ignored, and at equal
 * times the pairing that closes the current hold first is chosen (end == next start is two holds,
 * start == end is one zero-length hold).
 */
export function holdIntervals(starts: readonly number[], ends: readonly number[]): HoldInterval[] {
  const holds: HoldInterval[] = [];
  let i = 0;
  let j = 0;
  let openSince: number | null = null;
  while (i < starts.length || j < ends.length) {
    const start = starts[i];
    const end = ends[j];
    if (openSince === null) {
      if (start !== undefined && (end === undefined || start <= end)) {
        openSince = start;
        i += 1;
      } else {
        j += 1;
      }
    } else if (end !== undefined && (start === undefined || end <= start)) {
      holds.push({ from: openSince, to: end });
      openSince = null;
      j += 1;
    } else {
      i += 1;
    }
  }
  if (openSince !== null) holds.push({ from: openSince, to: null });
  return holds;
}

/**
 * Holds of the conversation up to `windowEnd` (exclusive for starts, inclusive for the clip), or
 * all holds when `windowEnd` is null. Seed 003 measures hold per interaction ("a transfer starts a
 * new interaction with its own hold time"), so callers pass the end of the interaction they mean.
 */
export function holdSummary(c: Conversation, windowEnd: number | null): HoldSummary {
  let count = 0;
  let totalMs = 0;
  for (const hold of holdIntervals(c.holdStarts, c.holdEnds)) {
    if (windowEnd !== null && hold.from >= windowEnd) continue;
    count += 1;
    const stops = [hold.to ?? c.endedAt, windowEnd].filter((t): t is number => t !== null);
    if (stops.length > 0) totalMs += Math.max(0, Math.min(...stops) - hold.from);
  }
  return { count, totalMs };
}
