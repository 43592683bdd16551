/**
 * What a command may touch of its process: the environment, the working directory, stdout (the
 * command's result, one line per call) and stderr (progress, warnings, rejections). Tests pass
 * their own; `processIo()` is the real one.
 */
export interface ErrorStream {
  readonly isTTY: boolean;
  /** Terminal width when stderr is a TTY. */
  readonly columns?: number;
  /** Raw text, no newline added (a progress bar redraws its line with `\r`). */
  write(text: string): void;
}

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** One line of the command's result on stdout. */
  print(line: string): void;
  /** One line of diagnostics on stderr. */
  warn(line: string): void;
  readonly stderr: ErrorStream;
}

export function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    print: (line) => process.stdout.write(`${line}\n`),
    warn: (line) => process.stderr.write(`${line}\n`),
    stderr: {
      isTTY: Boolean(process.stderr.isTTY),
      get columns() {
        return process.stderr.columns;
      },
      write: (text) => process.stderr.write(text),
    },
  };
}
