import { hash53 } from '../shared/hash53';
import { started } from '../vocabularies/testing/conversation.fixtures';
import { orderNumberOf } from './order-number';

describe('orderNumberOf', () => {
  it('given a source-issued reference, when read, then it is kept verbatim', () => {
    expect(orderNumberOf(started({ orderNumber: 'A-1001' }))).toBe('A-1001');
  });

  it('given no reference, when derived, then the decimal hash53 of the conversation id', () => {
    expect(orderNumberOf(started({ orderNumber: null }))).toBe(String(hash53('c1')));
  });

  it('given a blank reference, when derived, then it is treated as absent', () => {
    expect(orderNumberOf(started({ orderNumber: '  ' }))).toBe(String(hash53('c1')));
  });

  it('given the same conversation id twice, when derived, then the same all-digit number of at most 16 digits', () => {
    const first = orderNumberOf({ ...started(), conversationId: 'conv-42' });
    expect(orderNumberOf({ ...started(), conversationId: 'conv-42' })).toBe(first);
    expect(first).toMatch(/^\d{1,16}$/);
  });
});
