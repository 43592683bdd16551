/** A namespaced line logger: `[stack:kafka] ready in 8.1 s`. Writes to stderr so stdout stays machine-readable. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LoggerOptions {
  readonly namespace: string;
  readonly write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const prefix = `[${options.namespace}]`;
  return {
    info: (message) => write(`${prefix} ${message}`),
    warn: (message) => write(`${prefix} warning: ${message}`),
    error: (message) => write(`${prefix} error: ${message}`),
  };
}
