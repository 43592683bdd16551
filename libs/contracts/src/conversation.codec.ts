/** Conversation projection <-> raw Avro body (no wire-format header). */
import { conversationType } from './avro-types';
import { readAvro, WriterSchemaResolvers, type Decoder } from './avro-reader';
import { writeAvro } from './avro-writer';
import { type Conversation } from './generated/v1';

export function encodeConversation(conversation: Conversation): Buffer {
  return writeAvro(conversationType, conversation);
}

/** Throws UndecodableError. */
export function decodeConversation(buffer: Buffer): Conversation {
  return readAvro(conversationType, buffer) as Conversation;
}

const writerResolvers = new WriterSchemaResolvers(conversationType);

/** A decoder for bodies written with an older Conversation schema; see createCallEventReader. */
export function createConversationReader(writerSchema: string): Decoder<Conversation> {
  return writerResolvers.decoder(writerSchema) as Decoder<Conversation>;
}
