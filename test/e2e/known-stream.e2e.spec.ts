import { thresholdsFromEnv } from '@callfold/clickhouse';
import { describeWithService } from '@callfold/testing';
import { expectDeadLettersMatch, expectTablesMatch, reasonCounts } from './harness/assertions';
import { readTables } from './harness/clickhouse-tables';
import { readDeadLetters } from './harness/dead-letters';
import { e2eNames } from './harness/e2e-names';
import { expectationOf } from './harness/expectation';
import { knownStream } from './harness/known-stream';
import { Pipeline, STOPPED } from './harness/pipeline';
import { produceStream } from './harness/produce';
import { report } from './harness/report';

const SIMULATION = { seed: 0x0e2e0001, conversations: 300, duplicateShare: 0.03, outOfOrderShare: 0.1 };

describeWithService('kafka', 'e2e: a known stream through the whole pipeline', () =>
  describeWithService('schema-registry', 'projector and writer as processes, ClickHouse embedded', () => {
    let pipeline: Pipeline;
    let passed = false;

    beforeAll(() => {
      pipeline = new Pipeline(e2eNames('known-stream'));
    });
    afterAll(async () => {
      await pipeline?.close({ passed });
    });

    it('given the fixtures, a seeded simulation (duplicates, disorder, late enrichment) and poison messages, when the pipeline drains them, then ClickHouse holds exactly the rows the pure fold gives and every poison message is dead-lettered with its reason', async () => {
      const started = Date.now();
      const { names } = pipeline;
      const schemaId = await pipeline.prepare();
      const stream = knownStream({ schemaId, fixtures: true, simulation: SIMULATION, poison: true });
      const expected = expectationOf(stream, thresholdsFromEnv({}));

      const projector = pipeline.startProjector('a');
      const writer = pipeline.startWriter();
      await produceStream(pipeline.client, names.callEvents, stream.messages);
      await pipeline.waitCaughtUp(180_000);
      await writer.stopGracefully(STOPPED.writer);
      await projector.stopGracefully(STOPPED.projector);

      const tables = await readTables(names.chdbPath, names.database);
      expectTablesMatch(tables, expected);

      // Per fixture conversation: Outcome, InSLA, QuickDrop as written, against the pure fold.
      const outcomes = (rows: ReadonlyMap<string, Record<string, unknown>>) =>
        stream.fixtures.map((f) => {
          const row = rows.get(f.conversationId);
          return { fixture: f.name, outcome: row?.['outcome'] ?? null, inSla: row?.['in_sla'] ?? null, quickDrop: row?.['quick_drop'] ?? null };
        });
      expect(outcomes(tables.dialogues)).toEqual(outcomes(expected.dialogues));
      const fixtureOutcomes = outcomes(tables.dialogues).map((o) => o.outcome);
      // The same counts the offline demo's test states for the bundled samples (an independent oracle).
      expect({
        rows: fixtureOutcomes.filter((o) => o !== null).length,
        Accepted: fixtureOutcomes.filter((o) => o === 'Accepted').length,
        Abandoned: fixtureOutcomes.filter((o) => o === 'Abandoned').length,
        IvrDrop: fixtureOutcomes.filter((o) => o === 'IvrDrop').length,
      }).toEqual({ rows: 18, Accepted: 10, Abandoned: 2, IvrDrop: 6 });
      const erasure = stream.fixtures.find((f) => f.name === 'erasure');
      expect(erasure && expected.erased.has(erasure.conversationId)).toBe(true);

      // The simulator's own expectation (each scenario's declared outcome), another independent oracle.
      const summary = stream.simulation?.expectedSummary;
      const simulated = [...tables.dialogues.values()].filter((r) => String(r['conversation_id']).startsWith('conv-0e2e0001-'));
      const byOutcome: Record<string, number> = {};
      for (const r of simulated) byOutcome[String(r['outcome'])] = (byOutcome[String(r['outcome'])] ?? 0) + 1;
      expect(simulated.length).toBe(summary?.dialogueRows);
      expect(byOutcome).toEqual(summary?.byOutcome);

      const letters = await readDeadLetters(pipeline.client, names.deadLetters);
      expectDeadLettersMatch(letters, expected, names.callEvents);

      report('known stream', started, expected, tables, { deadLetterReasons: reasonCounts(letters), projectorNamesFromAppConfig: projector.logs('projector names')[0]?.fields['fromAppConfig'] });
      passed = true;
    });
  }),
);
