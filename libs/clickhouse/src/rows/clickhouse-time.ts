/**
 * Epoch milliseconds to the text form DateTime64(3, 'UTC') columns accept in JSON input with the
 * default `date_time_input_format = 'basic'` ('YYYY-MM-DD hh:mm:ss.sss'). A bare number would be
 * read as seconds, not milliseconds.
 *
 * The writer formats about eleven timestamps per conversation row, so this avoids a `Date`, an
 * ISO string and its slicing per call: the date part is computed once per UTC day (cached: a
 * batch's timestamps fall on few days) with Hinnant's civil-from-days algorithm
 * (https://howardhinnant.github.io/date_algorithms.html#civil_from_days), the time of day from
 * integer arithmetic. Outside years 1970-9999, and for non-integers, it falls back to `Date`,
 * which keeps the old behaviour (including its RangeError on NaN).
 */
const MS_PER_DAY = 86_400_000;
const MAX_FAST_MS = 253_402_300_799_999; // 9999-12-31 23:59:59.999
const TWO = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_CACHE_LIMIT = 4096;
const dayCache = new Map<number, string>();

/** 'YYYY-MM-DD ' of a day number since 1970-01-01 (days >= 0). */
function datePrefix(days: number): string {
  const cached = dayCache.get(days);
  if (cached !== undefined) return cached;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const text = `${String(year).padStart(4, '0')}-${TWO[month]}-${TWO[day]} `;
  if (dayCache.size >= DAY_CACHE_LIMIT) dayCache.clear();
  dayCache.set(days, text);
  return text;
}

export function toDateTime64(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_FAST_MS) return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = ms - days * MS_PER_DAY;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${datePrefix(days)}${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${THREE[millis]}`;
}

export function toNullableDateTime64(ms: number | null): string | null {
  return ms === null ? null : toDateTime64(ms);
}

export function toFlag(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

export function toNullableFlag(value: boolean | null): 0 | 1 | null {
  return value === null ? null : toFlag(value);
}
