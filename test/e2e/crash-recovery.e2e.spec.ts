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
import { Pipeline, STOPPED } from './harness/pipeline';
import { produceStream } from './harness/produce';
import { report } from './harness/report';

const SEED = 0x0e2e0002;
const SIMULATION = { seed: SEED, conversations: 300, duplicateShare: 0.03, outOfOrderShare: 0.1 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithService('kafka', 'e2e: SIGKILL of the projector and the writer while the stream flows', () =>
  describeWithService('schema-registry', 'projector and writer as processes, ClickHouse embedded', () => {
    let pipeline: Pipeline;
    let passed = false;

    beforeAll(() => {
      pipeline = new Pipeline(e2eNames('crash-recovery'));
    });
    afterAll(async () => {
      await pipeline?.close({ passed });
    });

    it('given both services are SIGKILLed twice at seeded points and restarted, when the pipeline drains the stream, then the tables equal the undisturbed expectation: no conversation lost, none duplicated, one dead letter per poison message', async () => {
      const started = Date.now();
      const { names } = pipeline;
      const schemaId = await pipeline.prepare();
      const stream = knownStream({ schemaId, fixtures: true, simulation: SIMULATION, poison: true });
      const expected = expectationOf(stream, thresholdsFromEnv({}));
      const total = stream.messages.length;

      // The seeded plan: a first kill of each service somewhere in the first third of the stream,
      // a second one a moment after its restarted instance got its partitions back (a SIGKILLed
      // member holds them until its 30 s session expires), while it catches up with the backlog
      // and the stream still flows (production is paced to last about 70 s).
      const rng = new Prng(SEED);
      const firstRound = [
        { app: 'projector' as const, at: Math.floor((total * rng.int(8, 33)) / 100) },
        { app: 'writer' as const, at: Math.floor((total * rng.int(8, 33)) / 100) },
      ].sort((a, b) => a.at - b.at);
      const secondDelayMs = { projector: rng.int(300, 3_000), writer: rng.int(300, 3_000) };

      const current: Record<'projector' | 'writer', AppProcess> = { projector: pipeline.startProjector('a'), writer: pipeline.startWriter() };
      let sent = 0;
      const disturbances: Disturbance[] = [];
      const killAndRestart = async (app: 'projector' | 'writer') => {
        await current[app].kill();
        disturbances.push({ what: `SIGKILL ${app}`, producedAt: sent, atSecond: Math.round((Date.now() - started) / 100) / 10 });
        current[app] = app === 'projector' ? pipeline.startProjector('a') : pipeline.startWriter();
      };
      const chaos = async () => {
        for (const step of firstRound) {
          await waitUntil(`${step.at} of ${total} messages produced`, () => sent >= step.at, 120_000);
          await killAndRestart(step.app);
        }
        await Promise.all(
          (['projector', 'writer'] as const).map(async (app) => {
            await joined(current[app]);
            await sleep(secondDelayMs[app]);
            await killAndRestart(app);
          }),
        );
      };
      await Promise.all([produceStream(pipeline.client, names.callEvents, stream.messages, { chunk: 50, pauseMs: 800, afterChunk: (n) => void (sent = n) }), chaos()]);

      const producedAt = Math.round((Date.now() - started) / 1000);
      await Promise.all([joined(current.projector), joined(current.writer)]);
      await pipeline.waitCaughtUp(180_000);
      await current.writer.stopGracefully(STOPPED.writer);
      await current.projector.stopGracefully(STOPPED.projector);

      expect(disturbances.map((d) => d.what).sort()).toEqual(['SIGKILL projector', 'SIGKILL projector', 'SIGKILL writer', 'SIGKILL writer']);
      // The restarted projectors rebuilt their live state from the changelog before folding on.
      const restoredEntries = pipeline.apps
        .filter((a) => a.name.startsWith('projector-'))
        .slice(1)
        .map((a) => a.logs('partition restored').reduce((n, l) => n + Number(l.fields['entries'] ?? 0), 0));
      expect(restoredEntries.some((n) => n > 0)).toBe(true);

      const tables = await readTables(names.chdbPath, names.database);
      expectTablesMatch(tables, expected);
      const letters = await readDeadLetters(pipeline.client, names.deadLetters);
      expectDeadLettersMatch(letters, expected, names.callEvents);
      const changelog = await checkChangelog(pipeline.client, names.conversations);
      expect(changelog.repeated).toEqual([]);

      report('crash recovery', started, expected, tables, { producedBySecond: producedAt, disturbances, restoredEntries, changelog: { records: changelog.records, tombstones: changelog.tombstones } });
      passed = true;
    });
  }),
);
