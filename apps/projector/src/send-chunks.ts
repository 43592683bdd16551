import { type OutboundRecord } from '@callfold/kafka';

/** Per-record framing Kafka adds around key, value and headers (record header, varints, batch share): a generous bound. */
const RECORD_OVERHEAD = 64;

/** Bytes a record's headers add. */
export function headersSize(headers: OutboundRecord['headers']): number {
  let size = 0;
  for (const name in headers) size += Buffer.byteLength(name) + Buffer.byteLength(headers[name] as string) + 8;
  return size;
}

/**
 * Bytes one record adds to a produce request, roughly and on the high side. `headerBytes`: its
 * headers' size when already known (records of one batch share one headers object).
 */
export function recordSize(record: Pick<OutboundRecord, 'key' | 'value' | 'headers'>, headerBytes = headersSize(record.headers)): number {
  return RECORD_OVERHEAD + (record.key === null ? 0 : Buffer.byteLength(record.key)) + (record.value?.length ?? 0) + headerBytes;
}

/**
 * Splits items into consecutive chunks of at most `maxBytes` each (an item larger than that goes
 * alone), keeping their order. kafkajs writes one send's records for a partition as ONE record
 * batch, and the broker refuses a batch above `message.max.bytes` (1 MB by default): one send
 * of a big batch's projections would fail on every retry, so the partition would never move.
 */
export function chunkBySize<T>(items: readonly T[], sizeOf: (item: T) => number, maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
