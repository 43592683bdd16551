import { type CallEvent } from '@callfold/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the bundled sample streams live: test/fixtures at the repository root (see its README). */
export const FIXTURE_DIR = join(__dirname, '../../../../../test/fixtures');

/** The bundled sample streams. */
export const FIXTURE_NAMES = [
  'inbound-answered-in-sla',
  'inbound-answered-late',
  'inbound-abandoned-quick',
  'inbound-abandoned-long-wait',
  'ivr-drop',
  'after-hours-deflection',
  'transfer-with-hold',
  'outbound-busy',
  'outbound-no-answer',
  'outbound-voicemail',
  'campaign-predictive',
  'ai-agent-supervisor-takeover',
  'chat-web',
  'whatsapp-session',
  'late-csat-sentiment',
  'erasure',
  'callback-scheduled',
  'campaign-preview-failed',
  'inbound-requeue-voicemail',
] as const;

export type FixtureName = (typeof FIXTURE_NAMES)[number];

/** The raw JSON lines of a fixture, in file (arrival) order. */
export function readFixtureLines(name: FixtureName): unknown[] {
  const text = readFileSync(join(FIXTURE_DIR, `${name}.ndjson`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new Error(`${name}.ndjson line ${index + 1}: ${(error as Error).message}`);
      }
    });
}

/**
 * A fixture's events in arrival order. Test-only (this folder is never exported from the
 * library, and domain code proper reads no files): the lines are trusted to be in the contract's
 * JSON form (a spec checks them against the schema), not validated here.
 */
export function loadFixture(name: FixtureName): CallEvent[] {
  return readFixtureLines(name) as CallEvent[];
}
