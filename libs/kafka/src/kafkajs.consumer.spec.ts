import { headersToStrings, toInboundMessage } from './kafkajs.consumer';

describe('kafkajs message conversion', () => {
  it('given kafkajs headers as buffers, strings and repeated values, when converted, then they are UTF-8 strings', () => {
    const headers = headersToStrings({ a: Buffer.from('x'), b: 'y', c: [Buffer.from('1'), '2'], d: undefined });

    expect(headers).toEqual({ a: 'x', b: 'y', c: '1, 2' });
  });

  it('given a kafkajs message, when converted, then offsets and timestamps stay strings and bytes are untouched', () => {
    const value = Buffer.from([0, 1, 2]);

    const message = toInboundMessage('t', 3, { key: null, value, offset: '9007199254740993', timestamp: '1718010915200', attributes: 0, headers: {} });

    expect(message).toEqual({ topic: 't', partition: 3, offset: '9007199254740993', key: null, value, headers: {}, timestamp: '1718010915200' });
    expect(message.value).toBe(value);
  });
});
