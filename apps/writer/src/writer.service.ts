import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Writer, type WriterRuntime } from './writer';
import { type WriterConfig } from './writer.config';
import { WRITER_CONFIG, WRITER_LAUNCHER, WRITER_RUNTIME, type WriterLauncher } from './writer.tokens';

/** The Nest lifecycle, and nothing else: one call into plain code on bootstrap, one on shutdown. */
@Injectable()
export class WriterService implements OnApplicationBootstrap, OnApplicationShutdown {
  private writer: Writer | undefined;

  constructor(
    @Inject(WRITER_CONFIG) private readonly config: WriterConfig,
    @Inject(WRITER_RUNTIME) private readonly runtime: WriterRuntime,
    @Inject(WRITER_LAUNCHER) private readonly launch: WriterLauncher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.writer = await this.launch(this.config, this.runtime);
  }

  /** True once the writer joined its group; readiness waits for it. */
  started(): boolean {
    return this.writer !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.writer?.stop();
  }
}
