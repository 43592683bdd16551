import { join } from 'node:path';

/** The layout of the stack folder (.stack/ by default; git ignores it). */
export interface StackPaths {
  readonly dir: string;
  /** Downloaded jars and distributions, one folder per product and version. */
  readonly cache: string;
  readonly logs: string;
  /** pid files. */
  readonly run: string;
  /** Config and data of one service. */
  home(service: string): string;
}

export function stackPaths(options: { readonly dir: string }): StackPaths {
  const { dir } = options;
  return {
    dir,
    cache: join(dir, 'cache'),
    logs: join(dir, 'logs'),
    run: join(dir, 'run'),
    home: (service) => join(dir, service),
  };
}
