import { type Writer } from './writer';
import { type WriterConfig } from './writer.config';

/** Nest injection tokens: the writer's config, and the plain function that starts it. */
export const WRITER_CONFIG = Symbol('WRITER_CONFIG');
export const WRITER_LAUNCHER = Symbol('WRITER_LAUNCHER');

export type WriterLauncher = (config: WriterConfig) => Promise<Writer>;
