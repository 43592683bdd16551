import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createServiceOps, opsSettingsFromEnv, startOpsHttp } from '@callfold/ops';
import { writerRuntime } from './writer';
import { writerConfigFromEnv } from './writer.config';
import { WriterModule } from './writer.module';

/**
 * `npm run writer`: the ClickHouse writer. Nest hosts only the lifecycle and the ops HTTP port
 * (`/metrics`, `/health/live`, `/health/ready`; no Nest Kafka transport). Shutdown hooks turn
 * SIGTERM / SIGINT into app.close(): the writer finishes and commits its batch, leaves the group
 * and closes ClickHouse before the process exits.
 */
export async function bootstrap(): Promise<void> {
  const config = writerConfigFromEnv(process.env);
  const settings = opsSettingsFromEnv(process.env, 'writer');
  const base = writerRuntime(config);
  const ops = createServiceOps({
    service: 'writer',
    groupId: config.groupId,
    topics: [config.topics.callEvents, config.topics.conversations],
    admin: base.kafka.admin(),
    lagIntervalMs: settings.lagIntervalMs,
    maxSilenceMs: settings.maxSilenceMs,
    logger: base.logger,
  });
  const app = await NestFactory.create(WriterModule.forRoot(config, { ...base, ops }), { logger: ['error', 'warn'] });
  const http = await startOpsHttp(app, settings.port, settings.host);
  base.logger.info('ops endpoints listening', { url: http.url });
}

if (require.main === module) {
  bootstrap().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
