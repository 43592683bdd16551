import { frame, type OutboundRecord } from '@callfold/kafka';
import { type BatchProjection } from './batch-projection';
import { WATERMARK_HEADER } from './restore';
import { chunkBySize, headersSize, recordSize } from './send-chunks';

/**
 * The records of one batch's projections and tombstones on the conversations topic, in sends of
 * at most `maxSendBytes`: each goes to the input's partition number (the changelog of partition N
 * is exactly what restore reads for partition N, whichever partitioner the event producers used)
 * and carries the batch's final watermark header, one object shared by the batch's records.
 */
export function projectionSends(result: Pick<BatchProjection, 'overlay' | 'updated' | 'evicted'>, partition: number, schemaId: number, maxSendBytes: number): OutboundRecord[][] {
  const { watermark } = result.overlay;
  const headers = watermark === null ? undefined : { [WATERMARK_HEADER]: String(watermark) };
  const headerBytes = headersSize(headers);
  const records: OutboundRecord[] = [];
  for (const { conversationId, body } of result.updated) records.push({ key: conversationId, value: frame(schemaId, body), partition, headers });
  for (const conversationId of result.evicted) records.push({ key: conversationId, value: null, partition, headers });
  return chunkBySize(records, (record) => recordSize(record, headerBytes), maxSendBytes);
}
