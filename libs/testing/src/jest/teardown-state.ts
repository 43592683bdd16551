import { type Cleanup } from './provision';

// Jest runs globalSetup and globalTeardown in the same process but loads each module afresh,
// so the hand-over goes through globalThis rather than a module variable.
const KEY = Symbol.for('callfold.testing.cleanups');
type Holder = { [KEY]?: readonly Cleanup[] };

export function rememberCleanups(cleanups: readonly Cleanup[]): void {
  (globalThis as Holder)[KEY] = cleanups;
}

export function takeCleanups(): readonly Cleanup[] {
  const holder = globalThis as Holder;
  const cleanups = holder[KEY] ?? [];
  delete holder[KEY];
  return cleanups;
}
