// Throughput sanity check for the reducer, not a test. Folds 1M realistic events two ways:
// interleaved, 1,000 open conversations at a time (as the projector sees them, with 5 %
// redeliveries), keeping every projection in a Map; and sequential, one conversation after the
// other with nothing kept (the reducer's own cost, state hot in cache). Prints events/s by this
// process's CPU time (steadier than wall time on a shared machine). Run:
//   node tools/scripts/build.mjs && node dist/libs/domain/src/conversation/testing/fold.bench.js [events]
import { type CallEvent } from '@callfold/contracts';
import fc from 'fast-check';
import { evolve } from '../conversation.reducer';
import { type ConversationState, initialState } from '../conversation.state';
import { lifecycleEvents } from './conversation.arbitrary';

const TARGET = Number(process.argv[2] ?? 1_000_000);
const OPEN = 1_000;

function workload(): { conversations: CallEvent[][]; events: CallEvent[] } {
  const conversations: CallEvent[][] = [];
  for (let seed = 1, count = 0; count < TARGET; seed++) {
    for (const c of fc.sample(lifecycleEvents({ withErasure: false }), { numRuns: 10_000, seed })) {
      conversations.push(c);
      count += c.length;
    }
  }
  const events: CallEvent[] = [];
  // Interleave OPEN conversations at a time, round-robin, like a partition's mixed stream.
  for (let base = 0; base < conversations.length && events.length < TARGET; base += OPEN) {
    const batch = conversations.slice(base, base + OPEN);
    for (let i = 0; batch.some((c) => i < c.length); i++) {
      for (const c of batch) {
        const e = c[i];
        if (e === undefined) continue;
        events.push(e);
        if (events.length % 20 === 0) events.push(e);
      }
    }
  }
  return { conversations, events: events.slice(0, TARGET) };
}

const { conversations, events } = workload();
const states = new Map<string, ConversationState>();
const cpuSecondsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const interleavedRun = () => {
  states.clear();
  const start = process.cpuUsage();
  for (const e of events) states.set(e.conversationId, evolve(states.get(e.conversationId) ?? initialState(), e));
  return events.length / cpuSecondsSince(start);
};
const sequentialRun = () => {
  const start = process.cpuUsage();
  let folded = 0;
  for (const c of conversations) {
    let state = initialState();
    for (const e of c) state = evolve(state, e);
    folded += c.length;
  }
  return folded / cpuSecondsSince(start);
};

// The machine may be shared: report the best and the median of a few runs, by process CPU time.
const summary = (rates: number[]) => {
  const sorted = rates.slice().sort((a, b) => b - a);
  const fmt = (r: number | undefined) => Math.round(r ?? 0).toLocaleString('en');
  return `best ${fmt(sorted[0])} events/s, median ${fmt(sorted[Math.floor(sorted.length / 2)])} events/s`;
};
interleavedRun();
const interleaved = Array.from({ length: 5 }, interleavedRun);
console.log(`interleaved: ${events.length} events, ${states.size} conversations kept: ${summary(interleaved)}`);
states.clear();
sequentialRun();
console.log(`sequential: ${summary(Array.from({ length: 5 }, sequentialRun))}`);
