import { createErasureFilter } from './erasure.lookup';

/** The erasures table as the filter reads it: the number of distinct ids, and the ids. */
function fakeErasures(initial: readonly string[] = []) {
  const ids = new Set(initial);
  const queries: string[] = [];
  const backend = {
    async query<Row>(sql: string): Promise<Row[]> {
      queries.push(sql.startsWith('SELECT uniqExact') ? 'count' : 'load');
      if (sql.startsWith('SELECT uniqExact')) return [{ n: String(ids.size) }] as Row[];
      return [...ids].map((conversation_id) => ({ conversation_id })) as Row[];
    },
  };
  return { backend, ids, queries };
}

describe('erasure filter', () => {
  it('given no erasure anywhere, when asked, then one count per call and nothing is erased', async () => {
    const table = fakeErasures();
    const filter = createErasureFilter({ backend: table.backend, database: 'callfold' });

    expect(await filter.erasedAmong(['c-1', 'c-2'])).toEqual(new Set());
    expect(await filter.erasedAmong(['c-3'])).toEqual(new Set());
    expect(table.queries).toEqual(['count', 'count']);
  });

  it('given erasures recorded before the start, when asked, then the ids are loaded once and answered from memory', async () => {
    const table = fakeErasures(['c-gone']);
    const filter = createErasureFilter({ backend: table.backend, database: 'callfold' });

    expect(await filter.erasedAmong(['c-gone', 'c-live'])).toEqual(new Set(['c-gone']));
    expect(await filter.erasedAmong(['c-gone'])).toEqual(new Set(['c-gone']));
    expect(table.queries).toEqual(['count', 'load', 'count']);
  });

  it('given an erasure recorded by another writer instance, when asked next, then the changed count reloads the ids and finds it', async () => {
    const table = fakeErasures(['c-old']);
    const filter = createErasureFilter({ backend: table.backend, database: 'callfold' });
    await filter.erasedAmong(['c-new']);

    table.ids.add('c-new');

    expect(await filter.erasedAmong(['c-new'])).toEqual(new Set(['c-new']));
    expect(table.queries).toEqual(['count', 'load', 'count', 'load']);
  });

  it('given an erasure this writer recorded, when asked before the table shows it, then it is already known', async () => {
    const table = fakeErasures();
    const filter = createErasureFilter({ backend: table.backend, database: 'callfold' });

    filter.remember(['c-mine']);

    expect(await filter.erasedAmong(['c-mine', 'c-other'])).toEqual(new Set(['c-mine']));
  });

  it('given no ids, when asked, then ClickHouse is not asked', async () => {
    const table = fakeErasures(['c-gone']);
    const filter = createErasureFilter({ backend: table.backend, database: 'callfold' });

    expect(await filter.erasedAmong([])).toEqual(new Set());
    expect(table.queries).toEqual([]);
  });
});
