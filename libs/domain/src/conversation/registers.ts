import { type Clock, type Conversation } from '@callfold/contracts';
import { CLOCK_GROUPS, type ClockGroup } from './clock-groups';
import { type Draft } from './draft';
import { canonical } from './merge';

/** Last-writer-wins: the greatest (at, seq) holds the register. */
export const LAST = 1;
/** First-writer-wins: the smallest (at, seq) holds the register. */
export const FIRST = -1;
export type Writer = typeof LAST | typeof FIRST;

/** 1 when `clock` beats the held clock of `group` for this writer rule, -1 when it loses, 0 on an exact tie. */
export function contest(clocks: Conversation['clocks'], group: ClockGroup, clock: Clock, writer: Writer): number {
  const held = clocks[group];
  if (held === undefined) return 1;
  if (clock.at !== held.at) return clock.at > held.at ? writer : -writer;
  if (clock.seq !== held.seq) return clock.seq > held.seq ? writer : -writer;
  return 0;
}

/**
 * Offers an event's values to a register. Returns true when the event takes it (the caller then
 * writes the values): a strictly better (at, seq), or an exact tie whose canonical value text is
 * greater (LAST) or smaller (FIRST) than the held one, so ties never depend on arrival order.
 * `offered` and `held` are plain functions (not closures) to keep the hot path allocation-free.
 */
export function claim<P>(
  d: Draft,
  group: ClockGroup,
  clock: Clock,
  writer: Writer,
  payload: P,
  offered: (payload: P) => unknown,
  held: (conversation: Draft) => unknown,
): boolean {
  const outcome = contest(d.clocks, group, clock, writer);
  if (outcome < 0) return false;
  if (outcome === 0) {
    const mine = canonical(offered(payload));
    const theirs = canonical(held(d));
    if (mine === theirs || (writer === LAST ? mine < theirs : mine > theirs)) return false;
  }
  setClock(d, group, clock);
  return true;
}

/** Canonical position of each group in the clocks map. */
const RANK: ReadonlyMap<string, number> = new Map(CLOCK_GROUPS.map((name, index) => [name, index]));

/**
 * A copy of a clocks map, for a draft to own and write in place. A for-in loop, not a spread:
 * clocks maps come in hundreds of shapes (one per set of groups), which sends V8's spread down a
 * slow path.
 */
export function copyClocks(clocks: Conversation['clocks']): Record<string, Clock> {
  const copy: Record<string, Clock> = {};
  for (const name in clocks) copy[name] = clocks[name] as Clock;
  return copy;
}

/**
 * Records the position of a register's holder in the draft's own clocks map (see Draft), keeping
 * the keys in canonical order: an existing key is overwritten where it is; a new key is slotted
 * before the first key ranked after it. Keys of groups this version does not know (written by a
 * newer one) have no rank and stay after all known ones.
 */
export function setClock(d: Draft, group: ClockGroup, clock: Clock): void {
  const clocks = d.clocks as Record<string, Clock>;
  if (clocks[group] !== undefined) {
    clocks[group] = clock;
    return;
  }
  const rank = RANK.get(group) as number;
  const next: Record<string, Clock> = {};
  let placed = false;
  for (const name in clocks) {
    if (!placed && rank < (RANK.get(name) ?? Infinity)) {
      next[group] = clock;
      placed = true;
    }
    next[name] = clocks[name] as Clock;
  }
  if (!placed) next[group] = clock;
  d.clocks = next;
}
