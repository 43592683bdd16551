import { logLevel } from 'kafkajs';
import { kafkaJsLogLevel, retryConcurrentTransactions } from './kafkajs.adapter';

const concurrent = 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';

describe('kafkajs log levels', () => {
  it('given the CONCURRENT_TRANSACTIONS response kafkajs retries, when logged at ERROR by the connection or the producer, then it is debug', () => {
    const fromConnection = kafkaJsLogLevel(logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', { error: concurrent, correlationId: 7 });
    const fromProducer = kafkaJsLogLevel(logLevel.ERROR, `Failed to send messages: ${concurrent}`, { retryCount: 0, retryTime: 21 });

    expect([fromConnection, fromProducer]).toEqual(['debug', 'debug']);
  });

  it('given any other kafkajs line, when mapped, then its level is kept', () => {
    const levels = [
      kafkaJsLogLevel(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: 'This server is not the leader for that topic-partition' }),
      kafkaJsLogLevel(logLevel.WARN, 'Heartbeat failed', {}),
      kafkaJsLogLevel(logLevel.INFO, 'Consumer has joined the group', {}),
      kafkaJsLogLevel(logLevel.DEBUG, 'Request Fetch', {}),
    ];

    expect(levels).toEqual(['error', 'warn', 'info', 'debug']);
  });
});

describe('retryConcurrentTransactions (AddOffsetsToTxn, which kafkajs does not retry)', () => {
  const concurrentError = Object.assign(new Error(concurrent), { type: 'CONCURRENT_TRANSACTIONS' });

  it('given the broker answers CONCURRENT_TRANSACTIONS twice, when sendOffsets is retried, then it succeeds after 20 and 40 ms', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const attempt = async () => {
      calls += 1;
      if (calls <= 2) throw concurrentError;
      return 'added';
    };

    const result = await retryConcurrentTransactions(attempt, async (ms) => void sleeps.push(ms));

    expect([result, calls, sleeps]).toEqual(['added', 3, [20, 40]]);
  });

  it('given any other error, when sendOffsets fails, then it is thrown at once', async () => {
    const sleeps: number[] = [];
    const fenced = Object.assign(new Error('fenced'), { type: 'INVALID_PRODUCER_EPOCH' });

    await expect(retryConcurrentTransactions(() => Promise.reject(fenced), async (ms) => void sleeps.push(ms))).rejects.toBe(fenced);
    expect(sleeps).toEqual([]);
  });
});
