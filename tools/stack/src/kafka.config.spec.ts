import { SINGLE_NODE_BROKER_SETTINGS } from '@callfold/testing';
import { isUsableClusterId, log4j2Properties, newClusterId, serverProperties } from './kafka.config';

const parse = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('serverProperties', () => {
  const props = parse(serverProperties({ port: 19092, controllerPort: 19093, dataDir: '/stack/kafka/data' }));

  it('given the stack ports, when rendered, then one loopback node is broker and controller in KRaft combined mode', () => {
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '1',
      'controller.quorum.voters': '1@127.0.0.1:19093',
      listeners: 'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:19092',
      'controller.listener.names': 'CONTROLLER',
      'log.dirs': '/stack/kafka/data',
    });
  });

  it('when rendered, then the internal topics fit one broker (replication factor 1, min ISR 1)', () => {
    expect(props).toMatchObject(SINGLE_NODE_BROKER_SETTINGS);
    expect(props['offsets.topic.replication.factor']).toBe('1');
    expect(props['transaction.state.log.min.isr']).toBe('1');
  });
});

describe('log4j2Properties', () => {
  it('when rendered, then the broker logs to stdout (the stack appends it to its log file)', () => {
    expect(log4j2Properties()).toContain('appender.stdout.type = Console');
  });
});

describe('newClusterId', () => {
  it('when generated, then it is 16 bytes in unpadded URL-safe base64, as Kafka expects', () => {
    const id = newClusterId();

    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    expect(newClusterId()).not.toBe(id);
  });

  it('given random bytes whose id would start with "-", when generated, then it draws again', () => {
    // given: 0xf8 encodes as "-" first in URL-safe base64
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x01)];
    let calls = 0;

    // when
    const id = newClusterId(() => draws[calls++] as Buffer);

    // then
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(calls).toBe(2);
    expect(id).toBe(Buffer.alloc(16, 0x01).toString('base64url'));
    expect(isUsableClusterId(id)).toBe(true);
    expect(isUsableClusterId('-pnixnHHp6RZefHVW8VZNw')).toBe(false);
  });
});
