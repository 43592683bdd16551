/**
 * Gathers the partition batches kafkajs hands over for one fetch into one group, so the writer
 * makes one insert per table per fetch instead of one per partition batch (docs/writer.md,
 * "One insert per fetch").
 *
 * kafkajs starts a handler for each batch of a fetch at once (up to partitionsConsumedConcurrently)
 * and each first decodes its messages. `trackDecode` counts the decodes under way; a batch that
 * reaches `submit` joins the open group, and the group closes once no decode is under way any
 * more (checked after the current turn of the event loop, so every batch whose decode just
 * finished has been submitted), or after `maxWaitMs` at the latest (a decode waiting on the
 * schema registry). The group is flushed once; every member's promise settles with the flush:
 * resolved when all of it was stored (each partition then commits its own batch), rejected with
 * the flush's error otherwise (each partition then retries its own batch, in a later group).
 * Groups are flushed one at a time, in the order they closed.
 *
 * It never waits for a batch that has not started: a fetch with more batches than workers is
 * written as several groups, never deadlocked.
 */
export interface FetchCoalescerOptions<T> {
  /** Stores one group; resolves once all of it is stored, throws to fail every member. */
  readonly flush: (members: readonly T[]) => Promise<void>;
  /** Longest a submitted batch waits for batches still decoding. */
  readonly maxWaitMs?: number;
}

export const DEFAULT_COALESCE_MAX_WAIT_MS = 50;

interface OpenGroup<T> {
  readonly members: T[];
  readonly settle: { resolve: () => void; reject: (error: unknown) => void }[];
  readonly timer: NodeJS.Timeout;
}

export function createFetchCoalescer<T>(options: FetchCoalescerOptions<T>) {
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_COALESCE_MAX_WAIT_MS;
  let decoding = 0;
  let open: OpenGroup<T> | undefined;
  let checkScheduled = false;
  let flushed: Promise<void> = Promise.resolve();
  let groups = 0;

  function close(): void {
    const group = open;
    if (group === undefined) return;
    open = undefined;
    clearTimeout(group.timer);
    groups += 1;
    flushed = flushed.then(
      () =>
        options.flush(group.members).then(
          () => group.settle.forEach((s) => s.resolve()),
          (error: unknown) => group.settle.forEach((s) => s.reject(error)),
        ),
    );
  }

  function scheduleCheck(): void {
    if (open === undefined || checkScheduled) return;
    checkScheduled = true;
    // setImmediate runs after the pending promise continuations: a batch whose decode just
    // settled has reached submit() by then.
    setImmediate(() => {
      checkScheduled = false;
      if (decoding === 0) close();
    });
  }

  return {
    /** Wraps the batch consumer's decode so the coalescer knows which batches are on their way. */
    trackDecode<A, R>(decode: (input: A) => Promise<R>): (input: A) => Promise<R> {
      return async (input) => {
        decoding += 1;
        try {
          return await decode(input);
        } finally {
          decoding -= 1;
          scheduleCheck();
        }
      };
    },
    /** Adds a batch to the open group; settles when that group was flushed. */
    submit(member: T): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        open ??= { members: [], settle: [], timer: setTimeout(close, maxWaitMs) };
        open.members.push(member);
        open.settle.push({ resolve, reject });
        scheduleCheck();
      });
    },
    /** Groups closed so far (tests, logs). */
    groups: () => groups,
  };
}

export type FetchCoalescer<T> = ReturnType<typeof createFetchCoalescer<T>>;
