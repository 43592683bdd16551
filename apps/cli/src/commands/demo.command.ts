import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { thresholdsFromEnv } from '@callfold/clickhouse';
import { ccaiSessionStatus, contactoConversationState, toDialogueRow, type DialogueRow } from '@callfold/domain';
import { type FlagSpecs } from '../cli/flags';
import { formatTable } from '../io/table.format';
import { foldFiles } from './fold-files';

export const DEMO_DEFAULTS = { seconds: 45, rate: 1, speed: 30 } as const;

export const demoFlags = {
  offline: { type: 'boolean', description: 'only fold the bundled sample conversations in memory and print their dialogue rows (no services)' },
  seconds: { type: 'integer', value: 'N', min: 5, description: `how long the simulator produces (default ${DEMO_DEFAULTS.seconds})` },
  seed: { type: 'integer', value: 'N', min: 0, description: 'simulator seed (default: from the clock). A seed used before sends the same events again: the pipeline drops them as duplicates' },
  rate: { type: 'number', value: 'R', min: 0.01, description: `new conversations per simulated second (default ${DEMO_DEFAULTS.rate})` },
  speed: { type: 'number', value: 'X', min: 1, description: `simulated seconds per real second (default ${DEMO_DEFAULTS.speed})` },
  'stop-stack': { type: 'boolean', description: 'stop the Kafka / schema registry this demo started (default: leave them running)' },
} as const satisfies FlagSpecs;

export const demoHelp = `callfold demo [--seconds N] [--seed N] [--rate R] [--speed X] [--stop-stack]
callfold demo --offline

Runs the real pipeline on a simulated contact center and prints what it produced:
  1. Kafka and the schema registry: the ones CALLFOLD_KAFKA_BROKERS / CALLFOLD_SCHEMA_REGISTRY_URL
     name, else the local stack, started with \`npm run stack:up\` if it is not running (Java 17,
     docs/stack.md); a stack the demo started is left running unless --stop-stack.
  2. ClickHouse migrations (embedded chdb at CALLFOLD_CHDB_PATH, default ./.data/chdb, or the
     server at CALLFOLD_CLICKHOUSE_URL) and the contract schemas in the registry.
  3. The projector and the writer as processes (npm run projector / npm run writer), logs under
     ./.data/demo/<run>/.
  4. The simulator (libs/simulator, seeded) produces Avro call events to callfold.call-events.v1 for
     --seconds, simulated time running --speed times faster, with duplicates, disorder, late
     enrichment and now and then a poison message; a progress line shows events in,
     dead-lettered and conversations written.
  5. The simulator stops, the pipeline drains, the projector and the writer stop cleanly, and
     the summary is read from ClickHouse: events in, dead letters by reason, conversations,
     dialogues by outcome, per-queue SLA % and abandon %, and how to query the data.

--offline folds test/fixtures/*.ndjson in memory and prints each conversation's dialogue row
(seed 004) without any service.`;

export interface DemoOptions {
  /** Folder of `.ndjson` sample streams. */
  readonly fixturesDir: string;
  readonly print: (line: string) => void;
}

/**
 * Replays the bundled sample conversations through the status reducer and prints their dialogue
 * rows (seed 004) with two other products' vocabularies beside them.
 */
export async function runDemo(options: DemoOptions): Promise<{ rows: readonly DialogueRow[] }> {
  const files = readdirSync(options.fixturesDir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
    .map((f) => join(options.fixturesDir, f));
  const thresholds = thresholdsFromEnv();
  const folded = await foldFiles(files);
  const byId = new Map(folded.conversations.map((c) => [c.conversationId, c]));
  const rows = folded.conversations.flatMap((c) => {
    const row = toDialogueRow(c, thresholds);
    return row === null ? [] : [row];
  });
  rows.sort((a, b) => a.startTimestamp - b.startTimestamp);

  options.print(`Replayed ${folded.events} events from ${files.length} sample files into ${folded.conversations.length} conversations (${folded.rejected.length} rejected lines).`);
  for (const r of folded.rejected) options.print(`  rejected ${r.file}:${r.line}: ${r.reason}`);
  options.print(`Thresholds: SLA ${thresholds.defaults.slaThresholdMs / 1000} s, QuickDrop ${thresholds.defaults.quickDropThresholdMs / 1000} s (${thresholds.defaults.quickDropClock} clock).\n`);
  options.print(
    formatTable(
      ['orderNumber', 'start (UTC)', 'dir', 'channel', 'queue', 'agent', 'ivr s', 'queue s', 'talk s', 'session s', 'Outcome', 'InSLA', 'QuickDrop', 'detailed', 'CCAI', 'Contacto state'],
      rows.map((r) => {
        const c = byId.get(r.id);
        return [
          r.orderNumber.slice(-8),
          new Date(r.startTimestamp).toISOString().slice(0, 19).replace('T', ' '),
          r.direction,
          r.channel,
          r.queueId,
          r.agentId,
          r.ivrDurationInSec,
          r.queueDurationInSec,
          r.initialTalkDurationInSec,
          r.sessionDurationInSec,
          r.outcome,
          r.inSla,
          r.quickDrop,
          r.detailedOutcome,
          c ? ccaiSessionStatus(c) : null,
          c ? contactoConversationState(c) : null,
        ];
      }),
    ),
  );
  const erased = folded.conversations.filter((c) => c.erased).length;
  if (erased > 0) options.print(`\n${erased} erased conversation(s) have no row, as an erasure requires.`);
  return { rows };
}
