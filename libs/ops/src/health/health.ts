/**
 * Liveness and readiness as plain decisions, so they are tested with values and the HTTP layer
 * (OpsModule) only renders them.
 *
 * - **Live**: the consume loop is not stuck. It ticked a `ProgressTracker` within `maxSilenceMs`,
 *   or it has nothing to do (the last known lag of its partitions is 0, or unknown because Kafka
 *   cannot be asked: restarting the pod would not bring Kafka back). kafkajs never hands an empty
 *   fetch to the handler, so an idle consumer cannot tick: "no tick" alone is not "stuck".
 * - **Ready**: state restore finished and every dependency check (Kafka, ClickHouse) passed
 *   within its timeout.
 */
import { type CallfoldMetrics } from '../metrics';

export interface ProgressTrackerOptions {
  readonly now?: () => number;
  /** Also publish each tick as `callfold_last_progress_timestamp_seconds`. */
  readonly metrics?: CallfoldMetrics;
}

/**
 * The consume loop's heartbeat for liveness. Tick it whenever the loop shows it is alive: at the
 * start and end of every batch attempt (a retry against a failing sink is alive, not stuck), and
 * during a long state restore. Creation counts as the first tick (start-up grace).
 */
export class ProgressTracker {
  private last: number;
  private readonly now: () => number;

  constructor(private readonly options: ProgressTrackerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.last = this.now();
    this.publish();
  }

  tick(): void {
    this.last = this.now();
    this.publish();
  }

  /** Epoch milliseconds of the last tick. */
  lastProgressAt(): number {
    return this.last;
  }

  private publish(): void {
    this.options.metrics?.lastProgress.set(this.last / 1000);
  }
}

export interface LivenessInput {
  readonly lastProgressAt: number;
  readonly now: number;
  readonly maxSilenceMs: number;
  /** Messages waiting on this member's partitions (lag monitor); undefined when unknown. */
  readonly pendingWork?: number;
}

export interface LivenessDecision {
  readonly live: boolean;
  readonly reason: 'progressing' | 'idle' | 'pending-unknown' | 'stuck';
  readonly silenceSeconds: number;
  readonly pendingWork?: number;
}

export function decideLiveness(input: LivenessInput): LivenessDecision {
  const silenceMs = Math.max(0, input.now - input.lastProgressAt);
  const base = { silenceSeconds: Math.round(silenceMs / 100) / 10, ...(input.pendingWork !== undefined ? { pendingWork: input.pendingWork } : {}) };
  if (silenceMs <= input.maxSilenceMs) return { live: true, reason: 'progressing', ...base };
  if (input.pendingWork === undefined) return { live: true, reason: 'pending-unknown', ...base };
  if (input.pendingWork <= 0) return { live: true, reason: 'idle', ...base };
  return { live: false, reason: 'stuck', ...base };
}

/** A dependency check: resolves when healthy, throws (or resolves false) when not. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<void | boolean> | void | boolean;
  /** Default 3 s: a probe must answer before the kubelet's timeoutSeconds. */
  readonly timeoutMs?: number;
}

export interface CheckResult {
  readonly name: string;
  readonly up: boolean;
  readonly detail?: string;
  readonly durationMs: number;
}

export async function runCheck(check: ReadinessCheck, now: () => number = Date.now): Promise<CheckResult> {
  const started = now();
  const timeoutMs = check.timeoutMs ?? 3_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      Promise.resolve().then(() => check.check()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    if (outcome === false) return { name: check.name, up: false, detail: 'check returned false', durationMs: now() - started };
    return { name: check.name, up: true, durationMs: now() - started };
  } catch (error) {
    return { name: check.name, up: false, detail: error instanceof Error ? error.message : String(error), durationMs: now() - started };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export interface ReadinessDecision {
  readonly ready: boolean;
  readonly results: readonly CheckResult[];
  readonly failing: readonly string[];
}

export function decideReadiness(results: readonly CheckResult[]): ReadinessDecision {
  const failing = results.filter((r) => !r.up).map((r) => r.name);
  return { ready: failing.length === 0, results, failing };
}

/** Runs every check concurrently and decides. */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessDecision> {
  return decideReadiness(await Promise.all(checks.map((c) => runCheck(c))));
}

/** Readiness gate on a restore flag (e.g. `createRestoreTracker(metrics).restored`). */
export function restoreCheck(restored: () => boolean): ReadinessCheck {
  return {
    name: 'state',
    check: () => {
      if (!restored()) throw new Error('state restore has not completed');
    },
  };
}

/** Kafka reachable: an admin request (describe cluster / list offsets) through the given function. */
export function kafkaCheck(probe: () => Promise<unknown>, timeoutMs?: number): ReadinessCheck {
  return { name: 'kafka', check: async () => void (await probe()), ...(timeoutMs ? { timeoutMs } : {}) };
}

/** ClickHouse reachable: `backend.ping()` runs a trivial query (18.16's /ping ignores credentials). */
export function clickHouseCheck(backend: { ping(): Promise<void> }, timeoutMs?: number): ReadinessCheck {
  return { name: 'clickhouse', check: () => backend.ping(), ...(timeoutMs ? { timeoutMs } : {}) };
}
