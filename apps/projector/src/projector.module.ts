import { type DynamicModule, Module } from '@nestjs/common';
import { OpsModule, restoreCheck, type ServiceOps } from '@callfold/ops';
import { type ProjectorRuntime } from './projector';
import { type ProjectorConfig } from './projector.config';
import { PROJECTOR_CONFIG } from './projector.config.provider';
import { PROJECTOR_RUNTIME, ProjectorService } from './projector.service';

/** No Nest Kafka transport: it calls one message at a time (FIELD-NOTES); libs/kafka consumes in batches. */
@Module({})
export class ProjectorModule {
  /** Ready only once the assigned partitions' state is restored; Kafka is checked by the ops runtime. */
  static forRoot(config: ProjectorConfig, runtime: ProjectorRuntime, ops?: ServiceOps): DynamicModule {
    const restored = runtime.metrics?.restore;
    return {
      module: ProjectorModule,
      imports: ops && restored ? [OpsModule.forRoot(ops.moduleOptions([restoreCheck(() => restored.restored())]))] : [],
      providers: [{ provide: PROJECTOR_CONFIG, useValue: config }, { provide: PROJECTOR_RUNTIME, useValue: runtime }, ProjectorService],
    };
  }
}
