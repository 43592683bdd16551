import { type CallEvent, type Conversation } from '@callfold/contracts';
import { evolve, initialState, type ConversationState } from '@callfold/domain';
import { readNdjsonEvents, type RejectedLine } from '../io/ndjson-events.reader';

export interface FoldResult {
  readonly conversations: readonly Conversation[];
  readonly events: number;
  readonly rejected: readonly RejectedLine[];
}

/**
 * Folds every event of the given files into one projection per conversation, in memory. The
 * reducer is order independent, so files may hold conversations in any order and interleaving.
 */
export async function foldFiles(files: readonly string[]): Promise<FoldResult> {
  const states = new Map<string, ConversationState>();
  const rejected: RejectedLine[] = [];
  let events = 0;
  for (const file of files) {
    for await (const event of readNdjsonEvents(file, (r) => rejected.push(r))) {
      events += 1;
      fold(states, event);
    }
  }
  const conversations = [...states.values()].flatMap((s) => (s.status === 'empty' ? [] : [s.conversation]));
  return { conversations, events, rejected };
}

function fold(states: Map<string, ConversationState>, event: CallEvent): void {
  states.set(event.conversationId, evolve(states.get(event.conversationId) ?? initialState(), event));
}
