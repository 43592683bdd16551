import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * The V8 sampling CPU profiler on this thread, for one phase, through the inspector protocol
 * (what `node --cpu-prof` uses, limited to the window that matters). The profile is written as a
 * `.cpuprofile` (open it in Chrome DevTools or speedscope) and summarised: self time by area
 * (kafkajs, avsc, the callfold libraries, the apps, GC, idle) and the hottest functions.
 */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

/**
 * Functions whose inclusive time (their own and their callees') is reported: the steps an event
 * goes through. Synchronous stacks only: time after an `await` is not under the async caller.
 */
const STEPS: Record<string, string> = {
  decodeBatch: 'call-event decode (framing, Avro, validation), projector + writer',
  validateCallEvent: '  of which validateCallEvent',
  decodeConversations: 'writer: projection decode (Avro)',
  projectBatch: 'projector: fold a batch (projectBatch)',
  evolve: '  of which the reducer (evolve)',
  seal: '  of which projection encoding (overlay.seal)',
  toFetchedBatch: 'libs/kafka: kafkajs batch -> port messages',
  conversationRow: 'writer: conversations row (conversationRow)',
  toDialogueRow: 'writer: dialogue row (toDialogueRow)',
  callEventRow: 'writer: call_events row (callEventRow)',
  toJsonEachRow: 'writer: JSONEachRow payloads (toJsonEachRow)',
};

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface ProfileSummary {
  readonly file: string;
  /** Share of sampled time (0..1) under each step of STEPS (inclusive). */
  readonly steps: Record<string, number>;
  /** Share of sampled time (0..1) per area. */
  readonly byArea: Record<string, number>;
  readonly top: { fn: string; at: string; share: number }[];
}

export class PhaseProfiler {
  private readonly session = new Session();

  private post<T>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) => this.session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
  }

  async start(): Promise<void> {
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 1_000 });
    await this.post('Profiler.start');
  }

  async stop(file: string): Promise<ProfileSummary> {
    const { profile } = await this.post<{ profile: CpuProfile }>('Profiler.stop');
    this.session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    return summarise(profile, file);
  }
}

export function areaOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'gc';
  if (fn === '(idle)') return 'idle (waiting for I/O)';
  if (fn === '(program)') return 'V8/native (program)';
  if (url.includes('/node_modules/kafkajs/')) return 'kafkajs';
  if (url.includes('/node_modules/avsc/')) return 'avsc';
  if (url.includes('/node_modules/chdb/')) return 'chdb (JS side)';
  if (url.includes('/node_modules/')) return `other packages`;
  const lib = /\/(libs|apps)\/([^/]+)\//.exec(url);
  if (lib) return `${lib[1]}/${lib[2]}`;
  if (url.includes('/tools/bench/')) return 'bench instrumentation';
  if (url.startsWith('node:') || url === '') return 'node internals / native';
  return 'other';
}

function summarise(profile: CpuProfile, file: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i] as number, (selfUs.get(samples[i] as number) ?? 0) + (deltas[i] ?? 0));
  let total = 0;
  for (const us of selfUs.values()) total += us;
  const byArea: Record<string, number> = {};
  const byFn = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    byArea[area] = (byArea[area] ?? 0) + us;
    const where = `${functionName || '(anonymous)'}\t${url.replace(/^.*\/(node_modules|libs|apps|tools)\//, '$1/')}:${lineNumber + 1}`;
    byFn.set(where, (byFn.get(where) ?? 0) + us);
  }
  const share = (us: number) => Math.round((us / Math.max(1, total)) * 1000) / 1000;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const fn = byId.get(at)?.callFrame.functionName ?? '';
      if (fn in STEPS && !seen.has(fn)) {
        seen.add(fn);
        inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
      }
    }
  }
  return {
    file,
    steps: Object.fromEntries(Object.keys(STEPS).map((fn) => [fn, share(inclusive.get(fn) ?? 0)])),
    byArea: Object.fromEntries(Object.entries(byArea).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, share(v)])),
    top: [...byFn]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([key, us]) => {
        const [fn, at] = key.split('\t') as [string, string];
        return { fn, at, share: share(us) };
      }),
  };
}

export function printProfile(profile: ProfileSummary, log: (line: string) => void): void {
  log(`  CPU profile (main thread) written to ${profile.file}; self time by area:`);
  for (const [area, share] of Object.entries(profile.byArea)) log(`    ${(share * 100).toFixed(1).padStart(5)} %  ${area}`);
  log('  steps (inclusive time, synchronous stacks):');
  for (const [fn, share] of Object.entries(profile.steps)) log(`    ${(share * 100).toFixed(1).padStart(5)} %  ${STEPS[fn]}`);
  log('  hottest functions (self time):');
  for (const t of profile.top) log(`    ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.fn}  ${t.at}`);
}
