import { formatTable } from './table.format';

describe('formatTable', () => {
  it('given mixed cells, when formatted, then columns align and nulls, booleans and fractions read clearly', () => {
    expect(formatTable(['a', 'bee'], [[null, true], [1.25, 'x']])).toBe(['a    bee', '---  ----', '-    True', '1.3  x'].join('\n'));
  });
});
