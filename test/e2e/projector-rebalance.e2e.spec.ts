import { thresholdsFromEnv } from '@callfold/clickhouse';
import { Prng } from '@callfold/simulator';
import { describeWithService } from '@callfold/testing';
import { type AppProcess } from './harness/app-process';
import { expectDeadLettersMatch, expectTablesMatch } from './harness/assertions';
import { checkChangelog } from './harness/changelog';
import { type Disturbance, joined, waitUntil } from './harness/chaos';
import { readTables } from './harness/clickhouse-tables';
import { readDeadLetters } from './harness/dead-letters';
import { e2eNames } from './harness/e2e-names';
import { expectationOf } from './harness/expectation';
import { knownStream } from './harness/known-stream';
import { ORPHAN_TRANSACTION_ABORTED_WITHIN_MS, PARTITIONS, Pipeline, sleep, STOPPED } from './harness/pipeline';
import { produceStream } from './harness/produce';
import { report } from './harness/report';

const SEED = 0x0e2e0003;
const SIMULATION = { seed: SEED, conversations: 300, duplicateShare: 0.03, outOfOrderShare: 0.1 };

/** The call-events partitions of each generation an instance joined, from its "joined group" lines. */
function generations(app: AppProcess, topic: string): number[][] {
  return app.logs('joined group').map((l) =>
    ((l.fields['assigned'] as string[] | undefined) ?? [])
      .filter((tp) => tp.startsWith(`${topic}|`))
      .map((tp) => Number(tp.slice(topic.length + 1)))
      .sort((a, b) => a - b),
  );
}

describeWithService('kafka', 'e2e: two projector instances in one group while partitions move', () =>
  describeWithService('schema-registry', 'projectors and writer as processes, ClickHouse embedded', () => {
    let pipeline: Pipeline;
    let passed = false;

    beforeAll(() => {
      pipeline = new Pipeline(e2eNames('projector-rebalance'));
    });
    afterAll(async () => {
      await pipeline?.close({ passed });
    });

    it('given a second projector joins mid-stream and one of the two is SIGKILLed later, when the pipeline drains the stream, then the tables equal the expectation and every partition was owned by one instance at a time', async () => {
      const started = Date.now();
      const { names } = pipeline;
      const schemaId = await pipeline.prepare();
      const stream = knownStream({ schemaId, fixtures: true, simulation: SIMULATION, poison: true });
      const expected = expectationOf(stream, thresholdsFromEnv({}));
      const total = stream.messages.length;
      const all = Array.from({ length: PARTITIONS }, (_, p) => p);

      const rng = new Prng(SEED);
      const secondAt = Math.floor((total * rng.int(15, 30)) / 100);
      const killAt = Math.floor((total * rng.int(55, 70)) / 100);
      const victim = rng.chance(0.5) ? 'a' : 'b';

      const projectors: Record<'a' | 'b', AppProcess | undefined> = { a: pipeline.startProjector('a'), b: undefined };
      const writer = pipeline.startWriter();
      let sent = 0;
      const disturbances: Disturbance[] = [];
      const note = (what: string) => disturbances.push({ what, producedAt: sent, atSecond: Math.round((Date.now() - started) / 100) / 10 });
      let killedAt = Date.now();
      const choreography = async () => {
        await waitUntil(`${secondAt} messages produced`, () => sent >= secondAt, 120_000);
        projectors.b = pipeline.startProjector('b');
        note('projector b started');
        await joined(projectors.b);
        await waitUntil(`${killAt} messages produced`, () => sent >= killAt, 120_000);
        await projectors[victim]?.kill();
        killedAt = Date.now();
        note(`SIGKILL projector ${victim}`);
      };
      await Promise.all([produceStream(pipeline.client, names.callEvents, stream.messages, { chunk: 50, pauseMs: 700, afterChunk: (n) => void (sent = n) }), choreography()]);

      const survivor = projectors[victim === 'a' ? 'b' : 'a'] as AppProcess;
      // The survivor gets the victim's partitions once the victim's session expires.
      await survivor.waitForLog('a generation with every partition', (l) => l.msg === 'joined group' && generations(survivor, names.callEvents).at(-1)?.length === PARTITIONS, 90_000);
      // The victim is not restarted, so nothing fences its open transaction: the broker aborts it
      // after its timeout, and only then do the survivor's later outputs on those partitions
      // become readable (read_committed). Lag measured before that would read 0 too early.
      await sleep(Math.max(0, killedAt + ORPHAN_TRANSACTION_ABORTED_WITHIN_MS - Date.now()));
      await pipeline.waitCaughtUp(180_000);
      await writer.stopGracefully(STOPPED.writer);
      await survivor.stopGracefully(STOPPED.projector);

      // Partitions moved: a alone had all, then a and b split them (disjoint, complete), then the survivor had all.
      const a = generations(projectors.a as AppProcess, names.callEvents);
      const b = generations(projectors.b as AppProcess, names.callEvents);
      expect(a[0]).toEqual(all);
      const split = { a: a.find((g) => g.length > 0 && g.length < PARTITIONS), b: b.find((g) => g.length > 0 && g.length < PARTITIONS) };
      expect(split.a).toBeDefined();
      expect(split.b).toBeDefined();
      expect([...(split.a ?? []), ...(split.b ?? [])].sort((x, y) => x - y)).toEqual(all);
      expect(generations(survivor, names.callEvents).at(-1)).toEqual(all);

      const tables = await readTables(names.chdbPath, names.database);
      expectTablesMatch(tables, expected);
      const letters = await readDeadLetters(pipeline.client, names.deadLetters);
      expectDeadLettersMatch(letters, expected, names.callEvents);
      const changelog = await checkChangelog(pipeline.client, names.conversations);
      expect(changelog.repeated).toEqual([]);

      report('projector rebalance', started, expected, tables, { disturbances, generations: { a, b }, changelog: { records: changelog.records, tombstones: changelog.tombstones } });
      passed = true;
    });
  }),
);
