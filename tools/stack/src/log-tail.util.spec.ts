import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logExcerpt, START_BANNER } from './log-tail.util';

describe('logExcerpt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callfold-log-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given two starts that failed, when excerpted, then only the latest start’s error lines show, without stack frames', () => {
    const file = join(dir, 'kafka.log');
    writeFileSync(
      file,
      [
        `${START_BANNER} kafka at 2026-01-01T00:00:00Z ===`,
        '[t] ERROR old failure (kafka.Kafka$)',
        `${START_BANNER} kafka at 2026-01-02T00:00:00Z ===`,
        '[t] INFO starting',
        '[t] ERROR Exiting Kafka due to fatal exception (kafka.Kafka$)',
        '\tat kafka.Kafka.main(Kafka.scala:1)',
        'Caused by: java.lang.IllegalArgumentException: port in use',
        '\tat java.base/java.lang.Thread.run(Thread.java:1)',
      ].join('\n'),
    );

    expect(logExcerpt(file)).toBe('[t] ERROR Exiting Kafka due to fatal exception (kafka.Kafka$)\nCaused by: java.lang.IllegalArgumentException: port in use');
  });

  it('given a log without errors, when excerpted, then its last lines show', () => {
    const file = join(dir, 'quiet.log');
    writeFileSync(file, ['one', 'two', 'three'].join('\n'));

    expect(logExcerpt(file, 2)).toBe('two\nthree');
  });

  it('given no log file, when excerpted, then the excerpt is empty', () => {
    expect(logExcerpt(join(dir, 'missing.log'))).toBe('');
  });
});
