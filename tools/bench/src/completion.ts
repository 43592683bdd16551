import { type KafkaClient, settledEndOffsets } from '@callfold/kafka';
import { type RunningPipeline } from './pipeline';

/** Every commit of a consumer group as it happened: offset reached and when (performance.now()). */
export class CommitHistory {
  private readonly commits = new Map<string, { next: number; at: number }[]>();

  readonly record = (topic: string, partition: number, next: number, at: number): void => {
    const key = `${topic}:${partition}`;
    const list = this.commits.get(key) ?? [];
    list.push({ next, at });
    this.commits.set(key, list);
  };

  /** When `topic[partition]` was first committed at or past `next`; undefined if not yet. */
  reachedAt(topic: string, partition: number, next: number): number | undefined {
    return this.commits.get(`${topic}:${partition}`)?.find((c) => c.next >= next)?.at;
  }
}

/**
 * When did the last row of a backlog become visible? Worked out from the services' own commits,
 * observed in-process (no polling delay): the writer commits a partition batch only after
 * ClickHouse acknowledged its inserts, so the rows of everything below a committed offset are
 * queryable from that commit on.
 *
 * Done = (1) the projector committed every call-events partition to its end offset, (2) the
 * writer committed every call-events partition to its end offset (event rows), and (3) the
 * writer committed every conversations partition past the projector's last record (dialogue and
 * conversation rows). The conversations topic is transactional: each partition ends with a commit
 * marker, so its last data record is at end - 2 and the rows are visible once the writer reached
 * end - 1; its later commit past the marker (libs/kafka control-records.ts) carries no rows. The
 * answer is the time of the commit that completed the last of these, not the time it was noticed.
 */
export async function waitForVisibility(
  pipeline: RunningPipeline,
  writerCommits: CommitHistory,
  admin: KafkaClient,
  topics: { callEvents: string; conversations: string },
  callEventEnds: readonly { partition: number; offset: string }[],
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<{ projectorDoneAt: number; visibleAt: number }> {
  const deadline = performance.now() + timeoutMs;
  const projectorCommitted = () => pipeline.projectorTrace.consumers[0]?.committed.next ?? new Map<string, number>();
  const total = callEventEnds.reduce((n, e) => n + Number(e.offset), 0);
  const folded = () => callEventEnds.reduce((n, e) => n + Math.min(Number(e.offset), projectorCommitted().get(`${topics.callEvents}:${e.partition}`) ?? 0), 0);
  let nextReport = performance.now() + 10_000;
  const report = (line: () => string) => {
    if (performance.now() < nextReport) return;
    nextReport = performance.now() + 10_000;
    progress(line());
  };

  // (1) the projector
  while (folded() < total) {
    if (performance.now() > deadline) throw new Error(`timed out: the projector committed ${folded()} of ${total} events`);
    report(() => `  projector committed ${folded().toLocaleString('en')} of ${total.toLocaleString('en')} events; writer handled ${(pipeline.writerTrace.consumers[0]?.messages ?? 0).toLocaleString('en')} messages`);
    await sleep(20);
  }
  const projectorDoneAt = pipeline.projectorTrace.consumers[0]?.committed.at ?? performance.now();

  // (2) + (3) the writer
  // Read once the projector's last commit markers are written (they pass the last stable offset).
  const a = admin.admin();
  await a.connect();
  const conversationEnds = await settledEndOffsets(a, topics.conversations).finally(() => a.disconnect());
  const required = [
    ...callEventEnds.filter((e) => Number(e.offset) > 0).map((e) => ({ topic: topics.callEvents, partition: e.partition, next: Number(e.offset) })),
    ...conversationEnds.filter((e) => Number(e.offset) > 0).map((e) => ({ topic: topics.conversations, partition: e.partition, next: Number(e.offset) - 1 })),
  ];
  for (;;) {
    const times = required.map((r) => writerCommits.reachedAt(r.topic, r.partition, r.next));
    if (times.every((t) => t !== undefined)) return { projectorDoneAt, visibleAt: Math.max(...(times as number[])) };
    const missing = required.filter((_, i) => times[i] === undefined);
    if (performance.now() > deadline) throw new Error(`timed out waiting for the writer: ${missing.map((r) => `${r.topic}[${r.partition}] < ${r.next}`).join(', ')}`);
    report(() => `  projector done; the writer has ${missing.length} partition(s) to finish`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
