/**
 * Order-independent merge primitives. Each one is commutative, associative and idempotent over
 * the values it is given, so folding the same set of events in any order gives the same result.
 * Every function returns the input array itself when nothing changes, so callers can skip copies.
 */

/** The earlier of a known time and a new one (first-time milestones). */
export function earliest(held: number | null, at: number): number {
  return held === null || at < held ? at : held;
}

/** The later of a known time and a new one (last-time milestones). */
export function latest(held: number | null, at: number): number {
  return held === null || at > held ? at : held;
}

/** Code-unit string order: locale-free, so every node sorts identically. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A canonical text of a value, used only to break exact ties deterministically. The records we
 * stringify are built by this library with a fixed key order, so JSON.stringify is canonical.
 */
export function canonical(value: unknown): string {
  return JSON.stringify(value);
}

/** A copy of `list` with `value` inserted at `index`; one exact-size allocation (splice makes two). */
export function insertAt<T>(list: readonly T[], index: number, value: T): T[] {
  const next = new Array<T>(list.length + 1);
  for (let i = 0; i < index; i++) next[i] = list[i] as T;
  next[index] = value;
  for (let i = index; i < list.length; i++) next[i + 1] = list[i] as T;
  return next;
}

/** Inserts a number into an ascending array, keeping duplicates (each is a distinct event). */
export function insertNumber(list: readonly number[], value: number): number[] {
  let i = list.length;
  while (i > 0 && (list[i - 1] as number) > value) i--;
  return insertAt(list, i, value);
}

/** Inserts a string into an ascending array of distinct strings; returns `list` if present. */
export function insertDistinctString(list: readonly string[], value: string): readonly string[] {
  let i = list.length;
  while (i > 0) {
    const here = list[i - 1] as string;
    if (here === value) return list;
    if (here < value) break;
    i--;
  }
  return insertAt(list, i, value);
}

/** Ascending, distinct, in code-unit order. */
export function sortedDistinctStrings(values: readonly string[]): string[] {
  const sorted = values.slice().sort(compareStrings);
  return sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
}

/**
 * Inserts a record into a list sorted by `at`, then by canonical text; equal records are all
 * kept (two identical facts from two distinct events are two facts). Scans from the end because
 * events mostly arrive roughly in time order.
 */
export function insertTimed<T extends { readonly at: number }>(list: readonly T[], record: T): T[] {
  let i = list.length;
  let text: string | null = null;
  while (i > 0) {
    const here = list[i - 1] as T;
    if (here.at < record.at) break;
    if (here.at === record.at) {
      text ??= canonical(record);
      if (canonical(here) <= text) break;
    }
    i--;
  }
  return insertAt(list, i, record);
}

/** Position of `value` in an ascending array of numbers, or where it would be inserted (as ~index). */
export function searchNumber(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const here = list[mid] as number;
    if (here < value) lo = mid + 1;
    else if (here > value) hi = mid - 1;
    else return mid;
  }
  return ~lo;
}
