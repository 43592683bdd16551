import { Module } from '@nestjs/common';
import { startWriter } from './writer';
import { writerConfigFromEnv } from './writer.config';
import { WriterService } from './writer.service';
import { WRITER_CONFIG, WRITER_LAUNCHER } from './writer.tokens';

@Module({
  providers: [
    { provide: WRITER_CONFIG, useFactory: () => writerConfigFromEnv(process.env) },
    { provide: WRITER_LAUNCHER, useValue: startWriter },
    WriterService,
  ],
})
export class WriterModule {}
