import { type DynamicModule, Module } from '@nestjs/common';
import { clickHouseCheck, OpsModule, restoreCheck } from '@callfold/ops';
import { startWriter, type WriterRuntime } from './writer';
import { type WriterConfig } from './writer.config';
import { WriterService } from './writer.service';
import { WRITER_CONFIG, WRITER_LAUNCHER, WRITER_RUNTIME } from './writer.tokens';

@Module({})
export class WriterModule {
  /** Ready once the writer joined its group and ClickHouse answers; Kafka is checked by the ops runtime. */
  static forRoot(config: WriterConfig, runtime: WriterRuntime): DynamicModule {
    let service: WriterService | undefined;
    const ops = runtime.ops ? [OpsModule.forRoot(runtime.ops.moduleOptions([restoreCheck(() => service?.started() ?? false), clickHouseCheck(runtime.backend)]))] : [];
    return {
      module: WriterModule,
      imports: ops,
      providers: [
        { provide: WRITER_CONFIG, useValue: config },
        { provide: WRITER_RUNTIME, useValue: runtime },
        { provide: WRITER_LAUNCHER, useValue: startWriter },
        {
          provide: WriterService,
          useFactory: (c: WriterConfig, r: WriterRuntime, launch: typeof startWriter) => (service = new WriterService(c, r, launch)),
          inject: [WRITER_CONFIG, WRITER_RUNTIME, WRITER_LAUNCHER],
        },
      ],
    };
  }
}
