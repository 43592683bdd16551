import { type CallEventDecoder, type DecodedCallEvent, type InboundMessage } from '@callfold/kafka';
import { skipped, type WriterItem } from './writer-item';

export interface WriterTopics {
  readonly callEvents: string;
  readonly conversations: string;
}

export function fromDecodedEvent(decoded: DecodedCallEvent): WriterItem {
  return decoded.ok ? { kind: 'event', event: decoded.event } : skipped(decoded.reason, decoded.detail);
}

export interface WriterDecoderOptions {
  readonly topics: WriterTopics;
  readonly callEvents: Pick<CallEventDecoder, 'decodeBatch'>;
  readonly conversations: (messages: readonly InboundMessage[]) => Promise<WriterItem[]>;
}

/**
 * The batch consumer's `decode`: a batch holds one partition of one topic, so it is routed whole,
 * by topic, to the call-event decoder (the projector's checks: framing, schema, body, key,
 * contract rules) or to the conversation decoder.
 */
export function createWriterDecoder(options: WriterDecoderOptions) {
  return async function decode(messages: readonly InboundMessage[]): Promise<WriterItem[]> {
    const topic = messages[0]?.topic;
    if (topic === undefined) return [];
    if (topic === options.topics.callEvents) return (await options.callEvents.decodeBatch(messages)).map(fromDecodedEvent);
    if (topic === options.topics.conversations) return options.conversations(messages);
    return messages.map(() => skipped('OTHER', `topic ${topic} is not one the writer reads`));
  };
}
