import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root: the apps run from here, as `npm run projector` / `npm run writer` do. */
export const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Everything one e2e test owns: its topics, consumer groups, transactional ids and ClickHouse
 * directory are new for each run, so tests never see each other's data (nor another agent's
 * on the shared stack), and a rerun starts clean.
 */
export interface E2eNames {
  readonly test: string;
  readonly runId: string;
  readonly callEvents: string;
  readonly conversations: string;
  readonly deadLetters: string;
  readonly projectorGroup: string;
  readonly writerGroup: string;
  /** Prefix of CALLFOLD_PROJECTOR_INSTANCE_ID (the transactional id derives from it). */
  readonly instancePrefix: string;
  /** Logs of the child processes and the chdb data directory live here (tmp/ is git-ignored). */
  readonly dir: string;
  readonly chdbPath: string;
  readonly database: string;
}

export function e2eNames(test: string): E2eNames {
  const runId = `${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  const base = `e2e.${test}.${runId}`;
  const dir = join(REPO_ROOT, 'tmp', 'e2e', `${test}-${runId}`);
  mkdirSync(dir, { recursive: true });
  return {
    test,
    runId,
    callEvents: `${base}.call-events`,
    conversations: `${base}.conversations`,
    deadLetters: `${base}.dead-letters`,
    projectorGroup: `${base}.projector`,
    writerGroup: `${base}.writer`,
    instancePrefix: `e2e-${test}-${runId}`,
    dir,
    chdbPath: join(dir, 'chdb'),
    database: 'callfold',
  };
}
