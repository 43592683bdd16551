import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Writer, type WriterRuntime } from './writer';
import { writerConfigFromEnv } from './writer.config';
import { WriterService } from './writer.service';
import { WRITER_CONFIG, WRITER_LAUNCHER, WRITER_RUNTIME } from './writer.tokens';

describe('WriterService (the Nest shell)', () => {
  it('given an application context, when it boots and closes, then the writer is started once with the config and stopped once', async () => {
    const config = writerConfigFromEnv({ CALLFOLD_WRITER_GROUP_ID: 'shell-test' });
    const calls: string[] = [];
    const writer = { stop: async () => void calls.push('stop') } as Writer;
    @Module({
      providers: [
        { provide: WRITER_CONFIG, useValue: config },
        { provide: WRITER_RUNTIME, useValue: {} as WriterRuntime },
        { provide: WRITER_LAUNCHER, useValue: async (c: typeof config) => (calls.push(`start ${c.groupId}`), writer) },
        WriterService,
      ],
    })
    class ShellTestModule {}

    const app = await NestFactory.createApplicationContext(ShellTestModule, { logger: false });
    await app.init();
    expect(calls).toEqual(['start shell-test']);

    await app.close();
    expect(calls).toEqual(['start shell-test', 'stop']);
  });
});
