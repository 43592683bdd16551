/** Exit codes of `callfold` (docs/cli.md "Exit codes"). */
export const ExitCode = {
  ok: 0,
  /** The command ran and failed: a service error, a failed check, rejected lines under --strict. */
  failed: 1,
  /** The command line or the configuration is wrong: nothing was attempted. */
  usage: 2,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure with a message for the person at the terminal (no stack trace). */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.failed,
  ) {
    super(message);
  }
}

/** A wrong flag, argument or CALLFOLD_* setting: exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** The message of anything thrown (errors from another realm, e.g. node:fs under jest, included). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
