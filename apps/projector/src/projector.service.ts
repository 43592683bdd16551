import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type ProjectorConfig } from './projector.config';
import { PROJECTOR_CONFIG } from './projector.config.provider';
import { type Projector, type ProjectorRuntime, startProjector } from './projector';

/** Injection token of the projector's runtime (clients, metrics). */
export const PROJECTOR_RUNTIME = Symbol('PROJECTOR_RUNTIME');

/**
 * The Nest shell around the plain projector: one call on bootstrap, one on shutdown. A fatal
 * error (transaction outcome unknown; the projector already stopped itself) ends the process
 * with a failure status through the same graceful path as SIGTERM, so the orchestrator restarts it.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private projector: Projector | undefined;

  constructor(
    @Inject(PROJECTOR_CONFIG) private readonly config: ProjectorConfig,
    @Inject(PROJECTOR_RUNTIME) private readonly runtime: ProjectorRuntime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.projector = await startProjector(
      this.config,
      {
        onFatal: () => {
          process.exitCode = 1;
          process.kill(process.pid, 'SIGTERM');
        },
      },
      this.runtime,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector?.stop();
  }
}
