import { type CallEvent, toCallEventJson } from '@callfold/contracts';

/**
 * The lines of an NDJSON file in the contract's JSON form (`toCallEventJson`: validated, keys in
 * schema order, epoch-ms timestamps), one per event, each ending in a newline. Throws on an
 * invalid event rather than writing a line `callfold replay` would reject.
 */
export function* ndjsonLines(events: Iterable<CallEvent>): Generator<string, void, undefined> {
  for (const event of events) yield `${toCallEventJson(event)}\n`;
}

/** A whole NDJSON document, for fixtures and small runs (stream with ndjsonLines otherwise). */
export function toNdjson(events: Iterable<CallEvent>): string {
  let text = '';
  for (const line of ndjsonLines(events)) text += line;
  return text;
}

/**
 * The lines grouped into chunks of about `chunkChars` characters, so a file or socket writer
 * makes one write call per chunk instead of one per event.
 */
export function* ndjsonChunks(events: Iterable<CallEvent>, chunkChars = 256 * 1024): Generator<string, void, undefined> {
  let chunk = '';
  for (const line of ndjsonLines(events)) {
    chunk += line;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
