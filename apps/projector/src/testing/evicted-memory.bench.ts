// Memory per remembered (evicted) conversation id, by representation: not a test. Remembers N
// random UUIDs (hash53 of each, eviction watermarks one second apart) and reports the growth of
// V8 heap + off-heap (ArrayBuffer) memory per id after a full GC. One representation per process.
// Run:
//   node --expose-gc -r ./tools/stack/swc-register.cjs apps/projector/src/testing/evicted-memory.bench.ts <segments|map> [ids]
import { randomUUID } from 'node:crypto';
import { hash53 } from '@callfold/domain';
import { EvictedMemory } from '../evicted-memory';

const representation = process.argv[2] ?? 'segments';
const ids = Number(process.argv[3] ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function used(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const T = Date.UTC(2026, 2, 18);
const before = used();
let kept: unknown;
if (representation === 'segments') {
  const memory = new EvictedMemory();
  for (let i = 0; i < ids; i++) memory.rememberId(randomUUID(), T + i * 1_000);
  kept = memory;
} else {
  const map = new Map<number, number>();
  for (let i = 0; i < ids; i++) map.set(hash53(randomUUID()), T + i * 1_000);
  kept = map;
}
const after = used();
console.log(JSON.stringify({ representation, ids, bytesPerId: Math.round(((after - before) / ids) * 10) / 10, node: process.version }));
if (kept === null) console.log('unreachable');
