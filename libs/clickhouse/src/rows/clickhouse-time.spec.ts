import { toDateTime64, toNullableDateTime64 } from './clickhouse-time';

/** The reference: what the Date-based formatter gave before the fast path. */
const viaDate = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

describe('toDateTime64', () => {
  it('given known instants, when formatted, then the text is the DateTime64(3) basic form', () => {
    expect(toDateTime64(0)).toBe('1970-01-01 00:00:00.000');
    expect(toDateTime64(Date.UTC(2026, 10, 2, 9, 0, 5, 7))).toBe('2026-11-02 09:00:05.007');
    expect(toDateTime64(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('2024-02-29 23:59:59.999');
    expect(toDateTime64(Date.UTC(2000, 2, 1))).toBe('2000-03-01 00:00:00.000');
  });

  it('given every day from 1970 to 2100 and random times of day, when formatted, then it equals the Date-based text', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const differences: string[] = [];
    for (let day = 0; day < 47_482; day += 1) {
      const ms = day * 86_400_000 + Math.floor(random() * 86_400_000);
      if (toDateTime64(ms) !== viaDate(ms)) differences.push(`${ms}: ${toDateTime64(ms)} != ${viaDate(ms)}`);
    }
    expect(differences).toEqual([]);
  });

  it('given instants outside the fast range, when formatted, then they still match the Date-based text', () => {
    for (const ms of [-1, -86_400_001, Date.UTC(1900, 0, 1), 253_402_300_799_999, 253_402_300_800_000]) expect(toDateTime64(ms)).toBe(viaDate(ms));
  });

  it('given null, when formatted as nullable, then null', () => {
    expect(toNullableDateTime64(null)).toBeNull();
  });
});
