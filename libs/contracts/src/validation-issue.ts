/** One reason a value does not satisfy the contract, with the path of the offending field. */
export interface ValidationIssue {
  /** Dotted path from the event root, e.g. `payload.tags[0].key`; empty for the value itself. */
  readonly path: string;
  readonly code: ValidationIssueCode;
  /** Complete sentence including the path, e.g. `payload.priority: 9 is outside 1..8`. */
  readonly message: string;
}

export type ValidationIssueCode =
  | 'invalid-json'
  | 'wrong-type'
  | 'missing-field'
  | 'unknown-field'
  | 'unknown-event-type'
  | 'enum-symbol'
  | 'range'
  | 'min-length'
  | 'format';

export type ValidationResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly ValidationIssue[] };

export function issue(path: string, code: ValidationIssueCode, detail: string): ValidationIssue {
  return { path, code, message: `${path === '' ? 'event' : path}: ${detail}` };
}

/** All issues on one line, for logs and the dead-letter `detail`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => i.message).join('; ');
}

/** A value as it appears in a message: JSON-ish and short. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (Buffer.isBuffer(value)) return 'bytes';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = typeof value === 'bigint' ? `${value}n` : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
