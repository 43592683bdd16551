import { cellOf, columnsOf, renderRows } from './query.command';

describe('query output', () => {
  const rows = [
    { outcome: 'Abandoned', n: '2', share: 0.125, tags: [['k', 'v']] },
    { outcome: null, n: '10', share: 0.625, extra: true },
  ];

  it('given rows with different keys, when their columns are listed, then every key appears once in first-seen order', () => {
    expect(columnsOf(rows)).toEqual(['outcome', 'n', 'share', 'tags', 'extra']);
  });

  it('given rows, when rendered as a table, then values are exact, NULL is spelled out, arrays are JSON and the count closes it', () => {
    expect(renderRows(rows, 'table')).toEqual([
      [
        'outcome    n   share  tags         extra',
        '---------  --  -----  -----------  -----',
        'Abandoned  2   0.125  [["k","v"]]  NULL',
        'NULL       10  0.625  NULL         true',
      ].join('\n'),
      '(2 rows)',
    ]);
  });

  it('given rows, when rendered as JSON, then each row is one JSON line as ClickHouse returned it', () => {
    expect(renderRows(rows, 'json')).toEqual(['{"outcome":"Abandoned","n":"2","share":0.125,"tags":[["k","v"]]}', '{"outcome":null,"n":"10","share":0.625,"extra":true}']);
  });

  it('given no rows, when rendered, then the table says so and JSON prints nothing', () => {
    expect(renderRows([], 'table')).toEqual(['(0 rows)']);
    expect(renderRows([], 'json')).toEqual([]);
  });

  it('given single values, when made cells, then they are exact text', () => {
    expect([cellOf(null), cellOf(undefined), cellOf(1.25), cellOf(false), cellOf({ a: 1 })]).toEqual(['NULL', 'NULL', '1.25', 'false', '{"a":1}']);
  });
});
