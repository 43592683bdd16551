import { type AppProcess } from './app-process';

/** Polls until `condition` holds; throws `what` after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves once the app's consumer joined its group (libs/kafka logs each generation). */
export function joined(app: AppProcess, timeoutMs = 90_000): Promise<unknown> {
  return app.waitForLog('joining its consumer group', (l) => l.msg === 'joined group', timeoutMs);
}

/** What a disturbance did, for the test's report line. */
export interface Disturbance {
  readonly what: string;
  /** Messages produced when it happened (of the stream's total). */
  readonly producedAt: number;
  /** Seconds since the test started. */
  readonly atSecond: number;
}
