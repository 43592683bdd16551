import { Module } from '@nestjs/common';
import { projectorConfigProvider } from './projector.config.provider';
import { ProjectorService } from './projector.service';

/** No Nest Kafka transport: it calls one message at a time (FIELD-NOTES); libs/kafka consumes in batches. */
@Module({ providers: [projectorConfigProvider, ProjectorService] })
export class ProjectorModule {}
