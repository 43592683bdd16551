import { createConsoleLogger, type LogLevel, redact } from './logger';

function capture(level: LogLevel = 'info') {
  const lines: { line: string; level: LogLevel }[] = [];
  const logger = createConsoleLogger({ namespace: 'callfold', level, write: (line, l) => lines.push({ line, level: l }), now: () => new Date(0) });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l.line) as Record<string, unknown>) };
}

describe('console logger', () => {
  it('given a child logger, when it logs, then one JSON line carries time, level, namespace, message and fields', () => {
    const { logger, parsed } = capture();

    logger.child('kafka').child('consumer').info('joined group', { generation: 3 });

    expect(parsed()).toEqual([{ time: '1970-01-01T00:00:00.000Z', level: 'info', ns: 'callfold.kafka.consumer', msg: 'joined group', generation: 3 }]);
  });

  it('given the info level, when debug and warn are logged, then only warn is written', () => {
    const { logger, lines } = capture('info');

    logger.debug('noise');
    logger.warn('careful');

    expect(lines.map((l) => l.level)).toEqual(['warn']);
  });

  it('given secret-looking fields, when logged, then their values are redacted at any depth', () => {
    const { logger, lines } = capture();

    logger.error('connect failed', { sasl: { username: 'u', password: 'p' }, registry: { password: 'hunter2', url: 'http://r' }, token: 't', error: new Error('boom') });

    expect(JSON.parse(lines[0]!.line)).toMatchObject({ sasl: '[redacted]', registry: { password: '[redacted]', url: 'http://r' }, token: '[redacted]', error: { name: 'Error', message: 'boom' } });
    expect(lines[0]!.line).not.toMatch(/hunter2/);
  });

  it('given buffers and bigints, when redacted, then they become short strings', () => {
    expect(redact({ value: Buffer.alloc(3), offset: 10n })).toEqual({ value: '<3 bytes>', offset: '10' });
  });
});
