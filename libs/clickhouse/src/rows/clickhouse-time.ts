/**
 * Epoch milliseconds to the text form DateTime64(3, 'UTC') columns accept in JSONEachRow with the
 * default `date_time_input_format = 'basic'` ('YYYY-MM-DD hh:mm:ss.sss'). A bare number would be
 * read as seconds, not milliseconds.
 */
export function toDateTime64(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
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
