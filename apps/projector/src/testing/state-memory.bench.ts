// Heap per state-store entry, by representation: not a test. Folds the bundled fixtures into
// N distinct conversations (fresh conversation and event ids, a 36-character UUID key like
// production) and keeps them in a Map the way the state store would, then reports the growth of
// V8 heap + off-heap (ArrayBuffer) memory per entry after a full GC. One representation per
// process, so runs do not disturb each other. Run:
//   node --expose-gc -r ./tools/stack/swc-register.cjs apps/projector/src/testing/state-memory.bench.ts <object|buffer|buffer-unpooled|latin1> [entries] [full|open]
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CallEvent, encodeConversation, parseCallEventJson } from '@callfold/contracts';
import { type ConversationState, evolve, initialState } from '@callfold/domain';

const representation = process.argv[2] ?? 'object';
const entries = Number(process.argv[3] ?? 100_000);
/** `open`: only the first half of each conversation's events (a live call); `full` (default): all of them. */
const shape = process.argv[4] ?? 'full';
const fixtureDir = join(__dirname, '../../../../test/fixtures');

const streams: CallEvent[][] = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.ndjson'))
  .sort()
  .map((f) =>
    readFileSync(join(fixtureDir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line) => {
        const parsed = parseCallEventJson(line);
        if (!parsed.ok) throw new Error(`${f}: invalid line`);
        return parsed.event;
      }),
  );

function conversationNumber(i: number): ConversationState {
  const all = streams[i % streams.length] as CallEvent[];
  const events = shape === 'open' ? all.slice(0, Math.ceil(all.length / 2)) : all;
  const conversationId = randomUUID();
  let state = initialState();
  for (const e of events) state = evolve(state, { ...e, conversationId, eventId: randomUUID() });
  return state;
}

type Store = Map<string, unknown>;
function keep(store: Store, id: string, state: ConversationState): void {
  if (state.status === 'empty') return;
  switch (representation) {
    case 'object':
      store.set(id, state);
      return;
    case 'buffer':
      store.set(id, encodeConversation(state.conversation));
      return;
    case 'buffer-unpooled': {
      const pooled = encodeConversation(state.conversation);
      const own = Buffer.allocUnsafeSlow(pooled.length);
      pooled.copy(own);
      store.set(id, own);
      return;
    }
    case 'latin1':
      store.set(id, encodeConversation(state.conversation).toString('latin1'));
      return;
    default:
      throw new Error(`unknown representation ${representation}`);
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const used = (): number => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

// An entry is its key (a 36-character UUID string) and its value, both counted.
const store: Store = new Map();
const before = used();
let bodyBytes = 0;
for (let i = 0; i < entries; i++) {
  const state = conversationNumber(i);
  if (state.status !== 'empty') bodyBytes += encodeConversation(state.conversation).length;
  keep(store, state.status === 'empty' ? String(i) : state.conversation.conversationId, state);
}
const after = used();
console.log(
  JSON.stringify({
    representation,
    shape,
    entries: store.size,
    bytesPerEntry: Math.round((after - before) / store.size),
    avroBodyBytesAvg: Math.round(bodyBytes / store.size),
  }),
);
