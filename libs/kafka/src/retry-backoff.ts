/**
 * Exponential backoff for a failing sink, and a wait that keeps the consumer in its group.
 *
 * A Kafka group member that stops heartbeating for `session.timeout.ms` is removed and its
 * partitions are reassigned (https://kafka.apache.org/documentation/#consumerconfigs_session.timeout.ms).
 * kafkajs only heartbeats between batches or when the handler calls `heartbeat()`, so a
 * handler that sleeps between retries must call it itself; kafkajs throttles the calls to one
 * request per `heartbeatInterval`, so calling often is cheap.
 */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** Ceiling of any one delay. */
  readonly maxMs: number;
  readonly multiplier: number;
  /** Fraction of the delay that may be taken off at random (0 = no jitter). */
  readonly jitter: number;
  /** Attempts before giving up, the first included; Infinity = never give up. */
  readonly maxAttempts: number;
  /** Source of randomness, injected so tests are deterministic. */
  readonly random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 200,
  maxMs: 30_000,
  multiplier: 2,
  jitter: 0.2,
  maxAttempts: Number.POSITIVE_INFINITY,
  random: Math.random,
};

/** Delay before retry number `retry` (1 = the first retry). */
export function backoffDelay(retry: number, policy: Pick<BackoffPolicy, 'initialMs' | 'maxMs' | 'multiplier' | 'jitter' | 'random'>): number {
  const exponential = policy.initialMs * policy.multiplier ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxMs, exponential);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(capped * (1 - jitter * policy.random()));
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface HeartbeatWait {
  readonly heartbeat: () => Promise<void>;
  /** Checked between slices; false ends the wait early. */
  readonly stillWanted: () => boolean;
  /** Longest sleep between two heartbeats. */
  readonly sliceMs: number;
  readonly sleep?: Sleep;
}

/**
 * Sleeps `ms` in slices, heartbeating after each. Resolves true when the time elapsed, false
 * when `stillWanted` turned false. A heartbeat that fails (the group is rebalancing) throws:
 * the caller must abandon its batch, the engine rejoins.
 */
export async function sleepWithHeartbeats(ms: number, wait: HeartbeatWait): Promise<boolean> {
  const sleep = wait.sleep ?? realSleep;
  let remaining = ms;
  while (remaining > 0) {
    if (!wait.stillWanted()) return false;
    const slice = Math.min(remaining, wait.sliceMs);
    await sleep(slice);
    remaining -= slice;
    await wait.heartbeat();
  }
  return wait.stillWanted();
}

/** Awaits `work` while heartbeating every `sliceMs`, for slow work done inside a batch (state restore). */
export async function awaitWithHeartbeats<T>(work: Promise<T>, wait: Omit<HeartbeatWait, 'stillWanted'>): Promise<T> {
  const sleep = wait.sleep ?? realSleep;
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  settled.catch(() => undefined);
  while (!done) {
    await Promise.race([settled, sleep(wait.sliceMs)]);
    if (!done) await wait.heartbeat();
  }
  return settled;
}
