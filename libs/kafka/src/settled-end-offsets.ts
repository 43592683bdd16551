import { type KafkaAdmin } from './kafka.port';

/**
 * A topic's end offsets once they hold still. The admin's end offset is the last stable offset
 * (read_committed): it passes a committed transaction's records only once the coordinator wrote
 * the commit markers, which happens after EndTxn answered. So a reader that wants "everything
 * committed so far" right after a producer's commit reads the end offsets until `quietReads`
 * reads in a row, `intervalMs` apart, agree.
 * https://kafka.apache.org/documentation/#semantics ("last stable offset")
 */
export async function settledEndOffsets(
  admin: Pick<KafkaAdmin, 'endOffsets'>,
  topic: string,
  options: { intervalMs?: number; quietReads?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<{ partition: number; offset: string }[]> {
  const intervalMs = options.intervalMs ?? 100;
  const quietReads = options.quietReads ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let ends = await admin.endOffsets(topic);
  for (let quiet = 0; quiet < quietReads; ) {
    await sleep(intervalMs);
    const again = await admin.endOffsets(topic);
    quiet = sameOffsets(again, ends) ? quiet + 1 : 0;
    ends = again;
  }
  return ends;
}

function sameOffsets(a: readonly { partition: number; offset: string }[], b: readonly { partition: number; offset: string }[]): boolean {
  return a.length === b.length && a.every((e, i) => e.partition === b[i]?.partition && e.offset === b[i]?.offset);
}
