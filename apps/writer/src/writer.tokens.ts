import { type Writer, type WriterRuntime } from './writer';
import { type WriterConfig } from './writer.config';

/** Nest injection tokens: the writer's config, its runtime (clients, ops), and the plain function that starts it. */
export const WRITER_CONFIG = Symbol('WRITER_CONFIG');
export const WRITER_RUNTIME = Symbol('WRITER_RUNTIME');
export const WRITER_LAUNCHER = Symbol('WRITER_LAUNCHER');

export type WriterLauncher = (config: WriterConfig, runtime: WriterRuntime) => Promise<Writer>;
