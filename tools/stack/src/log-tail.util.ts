import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

function lastLines(file: string, lines: number): string[] {
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const length = Math.min(size, 64 * 1024);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8').trimEnd().split('\n').slice(-lines);
}

/** Written into a service's log before each start, so an excerpt covers only the latest start. */
export const START_BANNER = '=== [stack] starting';

/**
 * What to show from a failed service's log: its last error lines (JVM stack frames left out, they
 * bury the message), or the plain tail when nothing looks like an error; '' when there is no log.
 */
export function logExcerpt(file: string, lines = 10): string {
  const window = lastLines(file, 300);
  const banner = window.map((line) => line.startsWith(START_BANNER)).lastIndexOf(true);
  const recent = window.slice(banner + 1);
  const errors = recent.filter((line) => /\b(ERROR|FATAL|Exception|Caused by)\b|<Error>/.test(line) && !/^\s+at /.test(line));
  return (errors.length > 0 ? errors.slice(-lines) : recent.slice(-lines)).join('\n');
}
