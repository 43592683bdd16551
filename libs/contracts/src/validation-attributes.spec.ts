import { compileAttributes } from './validation-attributes';

describe('compileAttributes', () => {
  it.each([
    [{ name: 'queueId', type: 'string', 'callfold.minLenght': 1 }, 'string', 'n.Queued.queueId: unknown validation attribute callfold.minLenght (known: callfold.range, callfold.minLength, callfold.format)'],
    [{ name: 'queueId', type: 'string', 'callfold.range': [1, 8] }, 'string', 'n.Queued.queueId: callfold.range applies to int or long fields, not string'],
    [{ name: 'priority', type: 'int', 'callfold.range': [8, 1] }, 'int', 'n.Queued.priority: callfold.range must be [min, max] with min <= max, got [8,1]'],
    [{ name: 'url', type: 'string', 'callfold.format': 'email' }, 'string', 'n.Queued.url: callfold.format must be one of json, url, got "email"'],
    [{ name: 'queueId', type: 'string', 'callfold.minLength': -1 }, 'string', 'n.Queued.queueId: callfold.minLength must be a non-negative integer'],
  ])('refuses a misspelt or misplaced rule at load (%j)', (field, valueType, message) => {
    // given a field whose rule cannot be enforced, when compiling it, then loading fails naming the field
    expect(() => compileAttributes(field, valueType, 'n.Queued')).toThrow(message);
  });

  it('compiles each rule into a check returning the violation', () => {
    // given a field with a range, when checking values, then only out-of-range ones are violations
    const [range] = compileAttributes({ name: 'priority', type: 'int', 'callfold.range': [1, 8] }, 'int', 'n.Queued');
    expect([range?.(1), range?.(8), range?.(9)]).toEqual([undefined, undefined, { code: 'range', detail: '9 is outside 1..8' }]);
    // and a minimum length counts characters
    const [minLength] = compileAttributes({ name: 'id', type: 'string', 'callfold.minLength': 3 }, 'string', 'n.R');
    expect([minLength?.('abc'), minLength?.('ab')]).toEqual([undefined, { code: 'min-length', detail: '"ab" is 2 characters long, minimum 3' }]);
  });
});
