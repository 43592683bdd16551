import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type CallEvent, formatIssues, parseCallEventJson } from '@callfold/contracts';

export interface RejectedLine {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/**
 * Streams the events of a file in the contract's JSON form, one per line. Invalid lines are
 * reported with their line number and every problem, never skipped silently.
 */
export async function* readNdjsonEvents(file: string, onRejected: (rejected: RejectedLine) => void): AsyncGenerator<CallEvent> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    const parsed = parseCallEventJson(text);
    if (parsed.ok) yield parsed.event;
    else onRejected({ file, line, reason: formatIssues(parsed.errors) });
  }
}
