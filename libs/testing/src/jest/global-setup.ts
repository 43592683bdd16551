/**
 * jest globalSetup for `int` and `e2e` targets (wired through libs/testing/jest-hooks.js).
 * Runs once in the jest parent process: the variables it sets reach the test workers, which
 * jest starts afterwards, and the cleanups reach global-teardown.ts through globalThis.
 */
import { workspaceRoot } from '../env/stack-env';
import { createLogger } from '../log/logger';
import { encodeStatuses, SERVICES_VAR } from '../services/service-availability';
import { provisionServices } from './provision';
import { rememberCleanups } from './teardown-state';

export default async function globalSetup(): Promise<void> {
  const log = createLogger({ namespace: 'testing:setup' });
  const started = Date.now();
  const provisioned = await provisionServices({ env: process.env, root: workspaceRoot(__dirname), log });
  Object.assign(process.env, provisioned.vars);
  process.env[SERVICES_VAR] = encodeStatuses(provisioned.statuses);
  rememberCleanups(provisioned.cleanups);
  for (const [name, status] of Object.entries(provisioned.statuses)) {
    log.info(`${name}: ${status.available ? `ready (${status.source})` : 'UNAVAILABLE'} - ${status.detail}`);
  }
  log.info(`services settled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
