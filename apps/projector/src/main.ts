import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ProjectorModule } from './projector.module';

/**
 * `npm run projector`: the projector service. SIGTERM (or SIGINT) finishes the batch in flight,
 * commits its transaction and leaves the group before the process ends; SIGKILL at any point
 * loses and duplicates nothing, since every batch is one Kafka transaction.
 */
export async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(ProjectorModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
