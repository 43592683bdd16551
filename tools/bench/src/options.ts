/**
 * Command-line flags of `npm run bench`, each with an environment fallback, parsed strictly: a
 * malformed value stops the run with a message naming the flag (a benchmark that silently ran
 * with other settings than asked would report the wrong figure).
 */
export type Phase = 'memory' | 'bare' | 'throughput' | 'latency' | 'sink';
export const PHASES: readonly Phase[] = ['memory', 'bare', 'throughput', 'latency', 'sink'];
/** `sink` (per-row cost of the writer's tables) is extra evidence, run on request only. */
export const DEFAULT_PHASES: readonly Phase[] = ['memory', 'bare', 'throughput', 'latency'];

export interface BenchOptions {
  /** Events produced for the throughput phases (bare consumer and end to end read the same topic). */
  readonly events: number;
  /** Events per second produced during the latency phase. */
  readonly rate: number;
  /** Seconds of paced production in the latency phase. */
  readonly latencySeconds: number;
  /** Seconds at the start of the latency phase left out of the percentiles (JIT and fetch warm-up). */
  readonly warmupSeconds: number;
  /** Open conversations put into the projector's state store for the memory figure. */
  readonly open: number;
  /** Partitions of the call-events topic (the conversations topic gets as many). */
  readonly partitions: number;
  /** Seed of the simulated workload. */
  readonly seed: number;
  readonly phases: readonly Phase[];
  /** Profile the end-to-end phase with the V8 CPU profiler and print where the time went. */
  readonly profile: boolean;
  /** Keep the run's topics, ClickHouse directory and logs (default: delete topics and data, keep logs). */
  readonly keep: boolean;
  /** `processes` (default): projector and writer each in their own process, as deployed; `in-process`: both in the bench's. */
  readonly mode: 'processes' | 'in-process';
}

export class BenchOptionsError extends Error {
  override readonly name = 'BenchOptionsError';
}

export const USAGE = `npm run bench -- [--events N] [--rate N] [--open N] [--latency-seconds S] [--warmup-seconds S]
                      [--partitions N] [--seed N] [--phases memory,bare,throughput,latency,sink] [--profile] [--keep]
                      [--mode processes|in-process]

  --events N           events produced for the throughput phases (default 500000; env CALLFOLD_BENCH_EVENTS)
  --rate N             events/s of the paced latency phase (default 5000; env CALLFOLD_BENCH_RATE)
  --latency-seconds S  seconds of paced production (default 60; env CALLFOLD_BENCH_LATENCY_SECONDS)
  --warmup-seconds S   first seconds of the latency phase left out of p50/p99 (default 5)
  --open N             open conversations in the state store for bytes_per_open_conversation
                       (default 1000000; env CALLFOLD_BENCH_OPEN)
  --partitions N       partitions of the bench's call-events topic (default 6, the projector's default)
  --seed N             simulator seed (default 20261122)
  --phases LIST        run these phases (default memory,bare,throughput,latency; also: sink,
                       the per-row CPU cost of each ClickHouse table the writer fills)
  --profile            V8 CPU profiles of the throughput and latency phases (tmp/bench/<run>/*.cpuprofile)
                       and a summary of each
  --keep               keep the run's topics and ClickHouse data (deleted by default)
  --mode M             processes (default): the projector and the writer each in a child process, as
                       deployed; in-process: both in the bench's process, one thread (env CALLFOLD_BENCH_MODE)`;

interface Spec {
  readonly flag: string;
  readonly env: string;
  readonly fallback: number;
  readonly min: number;
}

const NUMBERS = {
  events: { flag: '--events', env: 'CALLFOLD_BENCH_EVENTS', fallback: 500_000, min: 1_000 },
  rate: { flag: '--rate', env: 'CALLFOLD_BENCH_RATE', fallback: 5_000, min: 1 },
  latencySeconds: { flag: '--latency-seconds', env: 'CALLFOLD_BENCH_LATENCY_SECONDS', fallback: 60, min: 1 },
  warmupSeconds: { flag: '--warmup-seconds', env: 'CALLFOLD_BENCH_WARMUP_SECONDS', fallback: 5, min: 0 },
  open: { flag: '--open', env: 'CALLFOLD_BENCH_OPEN', fallback: 1_000_000, min: 1_000 },
  partitions: { flag: '--partitions', env: 'CALLFOLD_BENCH_PARTITIONS', fallback: 6, min: 1 },
  seed: { flag: '--seed', env: 'CALLFOLD_BENCH_SEED', fallback: 20261122, min: 0 },
} as const satisfies Record<string, Spec>;

function wholeNumber(spec: Spec, raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return spec.fallback;
  const cleaned = raw.trim().replace(/_/g, '');
  const value = Number(cleaned);
  if (!/^\d+(e\d+)?$/i.test(cleaned) || !Number.isSafeInteger(value) || value < spec.min) {
    throw new BenchOptionsError(`${spec.flag} (or ${spec.env}) must be a whole number >= ${spec.min}, got "${raw}"`);
  }
  return value;
}

export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const given = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') throw new BenchOptionsError(USAGE);
    if (arg === '--profile' || arg === '--keep') {
      switches.add(arg);
      continue;
    }
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    const known = Object.values(NUMBERS).some((s) => s.flag === name) || name === '--phases' || name === '--mode';
    if (!known) throw new BenchOptionsError(`unknown option "${arg}"\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new BenchOptionsError(`${name} needs a value`);
    given.set(name, value);
  }
  const number = (key: keyof typeof NUMBERS): number => {
    const spec = NUMBERS[key];
    return wholeNumber(spec, given.get(spec.flag) ?? env[spec.env]);
  };
  const phaseList = (given.get('--phases') ?? env['CALLFOLD_BENCH_PHASES'] ?? DEFAULT_PHASES.join(','))
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const p of phaseList) if (!(PHASES as readonly string[]).includes(p)) throw new BenchOptionsError(`--phases: unknown phase "${p}" (known: ${PHASES.join(', ')})`);
  const mode = given.get('--mode') ?? env['CALLFOLD_BENCH_MODE'] ?? 'processes';
  if (mode !== 'processes' && mode !== 'in-process') throw new BenchOptionsError(`--mode (or CALLFOLD_BENCH_MODE) must be processes or in-process, got "${mode}"`);
  return {
    events: number('events'),
    rate: number('rate'),
    latencySeconds: number('latencySeconds'),
    warmupSeconds: number('warmupSeconds'),
    open: number('open'),
    partitions: number('partitions'),
    seed: number('seed'),
    phases: PHASES.filter((p) => phaseList.includes(p)),
    profile: switches.has('--profile'),
    keep: switches.has('--keep'),
    mode,
  };
}
