/**
 * Exhaustiveness guard for `switch` statements over unions: the compiler rejects the call when a
 * case is missing, and at run time (a value the types did not foresee, e.g. a newer schema) it
 * throws instead of silently doing nothing. `toError` lets callers throw their own typed error.
 */
export function assertNever(value: never, toError: (value: unknown) => Error = unexpectedValue): never {
  throw toError(value);
}

function unexpectedValue(value: unknown): Error {
  return new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
