import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { thresholdsFromEnv } from '@callfold/clickhouse';
import { ccaiSessionStatus, contactoConversationState, toDialogueRow, type DialogueRow } from '@callfold/domain';
import { formatTable } from '../io/table.format';
import { foldFiles } from './fold-files';

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
