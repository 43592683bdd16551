import { Writable } from 'node:stream';
import { createKafkaClient, kafkaSettingsFromEnv, type Logger } from '@callfold/kafka';
import { createLogger, nestLogger, scrubText } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const SECRETS = ['hunter2', 's3cr3t-sasl', 'eyJhbGciOiJIUzI1NiJ9.payload.sig', 'dXNlcjpwYXNz', 'tok-123456', 'reg-pass', 'ch-pass'];

describe('createLogger', () => {
  it('given a namespace and fields, then one JSON line with level, ISO time, ns, msg and the fields', () => {
    const out = capture();
    const logger = createLogger('writer', { destination: out.destination, level: 'debug' });

    logger.child('batch').with({ conversationId: 'conv-1' }).info('batch written', { partition: 3, offset: '1200', rows: 10 });

    const [line] = out.parsed();
    expect(line).toMatchObject({ level: 'info', ns: 'writer.batch', conversationId: 'conv-1', partition: 3, offset: '1200', rows: 10, msg: 'batch written' });
    expect(line!['time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(out.lines).toHaveLength(1);
  });

  it('given the level info, then debug lines are dropped and warn/error kept', () => {
    const out = capture();
    const logger = createLogger('p', { destination: out.destination, level: 'info' });

    logger.debug('noise');
    logger.warn('careful');
    logger.error('broken', { error: new Error('boom') });

    expect(out.parsed().map((l) => [l['level'], l['msg']])).toEqual([
      ['warn', 'careful'],
      ['error', 'broken'],
    ]);
    expect(out.parsed()[1]!['error']).toMatchObject({ name: 'Error', message: 'boom' });
  });

  it('given secrets in fields, nested objects, errors, bound fields, URLs and the message, then none appears in any line', () => {
    const out = capture();
    const logger = createLogger('projector', { destination: out.destination, level: 'debug' });

    logger.with({ authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig' }).info('connecting to https://callfold:hunter2@registry.example.com/apis', {
      password: 'hunter2',
      kafka: { sasl: { mechanism: 'plain', username: 'u', password: 's3cr3t-sasl' }, brokers: ['b:9092'] },
      headers: { Authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'tok-123456' },
      registry: 'http://user:reg-pass@127.0.0.1:8081',
      dsn: 'clickhouse://default@ch:8123/?password=ch-pass',
      list: [{ token: 'tok-123456' }],
      error: new Error('auth failed for https://u:hunter2@host'),
    });
    logger.warn('header was Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig');

    const text = out.lines.join('\n');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const [line] = out.parsed();
    expect(line).toMatchObject({
      msg: 'connecting to https://callfold:[redacted]@registry.example.com/apis',
      password: '[redacted]',
      authorization: '[redacted]',
      kafka: { sasl: '[redacted]', brokers: ['b:9092'] },
      headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]' },
      registry: 'http://user:[redacted]@127.0.0.1:8081',
      dsn: 'clickhouse://default@ch:8123/?password=[redacted]',
      list: [{ token: '[redacted]' }],
    });
  });

  it('given kafkajs logging through it (SASL settings), then the password is not written', () => {
    const out = capture();
    const logger: Logger = createLogger('it', { destination: out.destination, level: 'debug' });
    const settings = kafkaSettingsFromEnv({ CALLFOLD_KAFKA_BROKERS: '127.0.0.1:1', CALLFOLD_KAFKA_SASL_MECHANISM: 'plain', CALLFOLD_KAFKA_SASL_USERNAME: 'u', CALLFOLD_KAFKA_SASL_PASSWORD: 'hunter2' });

    createKafkaClient(settings, { logger });
    logger.info('kafka settings', { settings, described: settings.sasl });

    expect(out.lines.join('\n')).not.toContain('hunter2');
  });

  it('given ordinary text, then scrubText leaves it alone', () => {
    expect(scrubText('wrote 3 rows to http://ch:8123/ for user callfold at offset 7')).toBe('wrote 3 rows to http://ch:8123/ for user callfold at offset 7');
  });
});

describe('nestLogger', () => {
  it('given Nest calls with a context, then lines carry the context and secrets are scrubbed', () => {
    const out = capture();
    const nest = nestLogger(createLogger('writer', { destination: out.destination, level: 'debug' }));

    nest.log('Mapped {/metrics, GET} route', 'RouterExplorer');
    nest.error('failed https://a:hunter2@b', 'stack trace', 'ExceptionHandler');

    expect(out.parsed().map((l) => [l['level'], l['msg'], l['context']])).toEqual([
      ['info', 'Mapped {/metrics, GET} route', 'RouterExplorer'],
      ['error', 'failed https://a:[redacted]@b', 'ExceptionHandler'],
    ]);
  });
});
