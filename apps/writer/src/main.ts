import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { WriterModule } from './writer.module';

/**
 * `npm run writer`: the ClickHouse writer as a Nest application context (no HTTP server, no Nest
 * Kafka transport). enableShutdownHooks turns SIGTERM / SIGINT into app.close(): the writer
 * finishes and commits its batch, leaves the group and closes ClickHouse before the process exits.
 */
export async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WriterModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
}

if (require.main === module) {
  bootstrap().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
