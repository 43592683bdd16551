/** jest globalTeardown: stops only what global-setup.ts started, newest first. */
import { createLogger } from '../log/logger';
import { takeCleanups } from './teardown-state';

export default async function globalTeardown(): Promise<void> {
  const log = createLogger({ namespace: 'testing:teardown' });
  for (const cleanup of [...takeCleanups()].reverse()) {
    try {
      await cleanup.run();
      log.info(`stopped ${cleanup.description}`);
    } catch (error) {
      log.error(`could not stop ${cleanup.description}: ${(error as Error).message}`);
    }
  }
}
