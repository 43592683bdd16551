import { thresholdsFromEnv } from '@callfold/clickhouse';
import { describeWithService } from '@callfold/testing';
import { expectTablesMatch } from './harness/assertions';
import { runCli } from './harness/cli';
import { readTables } from './harness/clickhouse-tables';
import { e2eNames } from './harness/e2e-names';
import { expectationOf } from './harness/expectation';
import { knownStream } from './harness/known-stream';
import { Pipeline, STOPPED } from './harness/pipeline';
import { produceStream } from './harness/produce';
import { report } from './harness/report';

const SEED = 0x0e2e0005;
const SIMULATION = { seed: SEED, conversations: 150, duplicateShare: 0.03, outOfOrderShare: 0.1 };
/** The new policy: SLA 60 s instead of 20 s, QuickDrop 3 min instead of 5 s (queue clock). */
const NEW_THRESHOLDS = { defaults: { slaThresholdMs: 60_000, quickDropThresholdMs: 180_000, quickDropClock: 'queue' } };

describeWithService('kafka', 'e2e: rebuild after a threshold change', () =>
  describeWithService('schema-registry', 'projector and writer as processes, then `callfold rebuild`', () => {
    let pipeline: Pipeline;
    let passed = false;

    beforeAll(() => {
      pipeline = new Pipeline(e2eNames('rebuild-thresholds'));
    });
    afterAll(async () => {
      await pipeline?.close({ passed });
    });

    it('given history written with SLA 20 s / QuickDrop 5 s, when `callfold rebuild` runs with SLA 60 s / QuickDrop 180 s, then every dialogue row carries InSLA and QuickDrop judged by the new thresholds, and nothing else changed', async () => {
      const started = Date.now();
      const { names } = pipeline;
      const schemaId = await pipeline.prepare();
      const stream = knownStream({ schemaId, fixtures: true, simulation: SIMULATION, poison: true });
      const before = expectationOf(stream, thresholdsFromEnv({}));
      const after = expectationOf(stream, thresholdsFromEnv({ CALLFOLD_THRESHOLDS: JSON.stringify(NEW_THRESHOLDS) }));

      const projector = pipeline.startProjector('a');
      const writer = pipeline.startWriter();
      await produceStream(pipeline.client, names.callEvents, stream.messages);
      await pipeline.waitCaughtUp(120_000);
      // The rebuild needs the writer gone (chdb: one process per data directory; and the writer
      // would go on writing rows with the old thresholds).
      await writer.stopGracefully(STOPPED.writer);
      await projector.stopGracefully(STOPPED.projector);
      expectTablesMatch(await readTables(names.chdbPath, names.database), before);

      const rebuildStarted = Date.now();
      const rebuild = await runCli(['rebuild', '--topic', names.callEvents], {
        ...pipeline.writerEnv(),
        CALLFOLD_THRESHOLDS: JSON.stringify(NEW_THRESHOLDS),
        CALLFOLD_LOG_LEVEL: 'warn',
      });
      const rebuildSeconds = (Date.now() - rebuildStarted) / 1000;
      expect({ code: rebuild.code, stderr: rebuild.code === 0 ? '' : rebuild.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });

      const tables = await readTables(names.chdbPath, names.database);
      expectTablesMatch(tables, after);

      // The threshold change really changed history: rows whose InSLA / QuickDrop differ between the policies.
      const changed = (column: 'in_sla' | 'quick_drop') => [...after.dialogues].filter(([id, row]) => row[column] !== before.dialogues.get(id)?.[column]).map(([id]) => id);
      const slaChanged = changed('in_sla');
      const quickDropChanged = changed('quick_drop');
      expect(slaChanged.length).toBeGreaterThan(0);
      expect(quickDropChanged.length).toBeGreaterThan(0);
      for (const id of [...slaChanged, ...quickDropChanged]) {
        const row = tables.dialogues.get(id);
        expect({ id, inSla: row?.['in_sla'], quickDrop: row?.['quick_drop'], sla: row?.['sla_threshold_ms'], quick: row?.['quick_drop_threshold_ms'] }).toEqual({
          id,
          inSla: after.dialogues.get(id)?.['in_sla'],
          quickDrop: after.dialogues.get(id)?.['quick_drop'],
          sla: 60_000,
          quick: 180_000,
        });
      }
      // The fixture answered after 47 s: outside the old 20 s SLA, inside the new 60 s one.
      const late = stream.fixtures.find((f) => f.name === 'inbound-answered-late');
      expect([before.dialogues.get(late?.conversationId ?? '')?.['in_sla'], tables.dialogues.get(late?.conversationId ?? '')?.['in_sla']]).toEqual([0, 1]);

      report('rebuild after threshold change', started, after, tables, { inSlaChanged: slaChanged.length, quickDropChanged: quickDropChanged.length, rebuildSeconds, rebuildSummary: rebuild.stdout.trim().split('\n').slice(1, 6) });
      passed = true;
    });
  }),
);
