import { join } from 'node:path';
import { ROOT } from './machine';

/**
 * The real services, loaded from their source at run time. Nx forbids importing an application
 * from another project (`noImportsOfApps`), and rightly so for code that ships; a benchmark,
 * though, must drive exactly the code that ships, through the same factories `main.ts` uses
 * (`createProjector`, `createWriter`), not a re-implementation. So the modules are loaded by
 * path, and typed with `typeof import(...)`, which is checked by `tsc` like a normal import: if a
 * factory's signature changes, `npm run typecheck` fails here.
 */
export type ProjectorModule = typeof import('../../../apps/projector/src/projector');
export type ProjectorConfigModule = typeof import('../../../apps/projector/src/projector.config');
export type StateStoreModule = typeof import('../../../apps/projector/src/state-store');
export type BatchProjectionModule = typeof import('../../../apps/projector/src/batch-projection');
export type WriterModule = typeof import('../../../apps/writer/src/writer');
export type WriterConfigModule = typeof import('../../../apps/writer/src/writer.config');

async function load<M>(relative: string): Promise<M> {
  return (await import(join(ROOT, relative))) as M;
}

export const loadProjector = () => load<ProjectorModule>('apps/projector/src/projector');
export const loadProjectorConfig = () => load<ProjectorConfigModule>('apps/projector/src/projector.config');
export const loadStateStore = () => load<StateStoreModule>('apps/projector/src/state-store');
export const loadBatchProjection = () => load<BatchProjectionModule>('apps/projector/src/batch-projection');
export const loadWriter = () => load<WriterModule>('apps/writer/src/writer');
export const loadWriterConfig = () => load<WriterConfigModule>('apps/writer/src/writer.config');
