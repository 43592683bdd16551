import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type ProjectorConfig } from './projector.config';
import { PROJECTOR_CONFIG } from './projector.config.provider';
import { type Projector, startProjector } from './projector';

/**
 * The Nest shell around the plain projector: one call on bootstrap, one on shutdown. A fatal
 * error (transaction outcome unknown; the projector already stopped itself) ends the process
 * with a failure status through the same graceful path as SIGTERM, so the orchestrator restarts it.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private projector: Projector | undefined;

  constructor(@Inject(PROJECTOR_CONFIG) private readonly config: ProjectorConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    this.projector = await startProjector(this.config, {
      onFatal: () => {
        process.exitCode = 1;
        process.kill(process.pid, 'SIGTERM');
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector?.stop();
  }
}
