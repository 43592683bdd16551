import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createServiceOps, opsSettingsFromEnv, startOpsHttp } from '@callfold/ops';
import { projectorRuntime } from './projector';
import { projectorConfigFromEnv } from './projector.config';
import { projectorMetrics } from './projector.metrics';
import { ProjectorModule } from './projector.module';

/**
 * `npm run projector`: the projector service. Nest hosts the lifecycle and the ops HTTP port
 * (`/metrics`, `/health/live`, `/health/ready`). SIGTERM (or SIGINT) finishes the batch in
 * flight, commits its transaction and leaves the group before the process ends; SIGKILL at any
 * point loses and duplicates nothing, since every batch is one Kafka transaction.
 */
export async function main(): Promise<void> {
  const config = projectorConfigFromEnv(process.env);
  const settings = opsSettingsFromEnv(process.env, 'projector');
  const base = projectorRuntime(config);
  const ops = createServiceOps({
    service: 'projector',
    groupId: config.groupId,
    topics: [config.topics.callEvents],
    admin: base.client.admin(),
    lagIntervalMs: settings.lagIntervalMs,
    maxSilenceMs: settings.maxSilenceMs,
    logger: base.logger,
  });
  const runtime = { ...base, metrics: projectorMetrics(ops) };
  const app = await NestFactory.create(ProjectorModule.forRoot(config, runtime, ops), { logger: ['error', 'warn'] });
  const http = await startOpsHttp(app, settings.port, settings.host);
  ops.lag.start();
  base.logger.info('ops endpoints listening', { url: http.url });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
