import { parseJsonEachRow, toJsonCompactEachRow, toJsonEachRow } from './json-each-row';

describe('JSONEachRow', () => {
  it('given rows, when encoded and parsed back, then they are equal', () => {
    const rows = [{ a: 1, b: 'x\ny' }, { a: 2, b: null }];
    const buf = toJsonEachRow(rows);
    expect(buf.toString()).toBe('{"a":1,"b":"x\\ny"}\n{"a":2,"b":null}\n');
    expect(parseJsonEachRow(buf.toString())).toEqual(rows);
  });

  it('given rows as arrays of values, when encoded compactly, then one JSON array per line, no key names', () => {
    expect(toJsonCompactEachRow([[1, 'x\ny', [{ key: 'k', value: 'v' }]], [2, null, []]]).toString()).toBe('[1,"x\\ny",[{"key":"k","value":"v"}]]\n[2,null,[]]\n');
  });

  it('given empty text, when parsed, then no rows', () => {
    expect(parseJsonEachRow('')).toEqual([]);
  });
});
