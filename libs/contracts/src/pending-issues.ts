/** Issues while a value is being checked, before their paths are known. Internal to validation. */
import { issue, type ValidationIssue, type ValidationIssueCode } from './validation-issue';

/**
 * An issue while it bubbles up: each container appends its segment (`name` or `[i]`) on the
 * way out, leaf first. Paths are only built for failures: the valid path allocates no strings.
 */
export interface PendingIssue {
  readonly segments: string[];
  readonly code: ValidationIssueCode;
  detail: string;
}

export interface CheckContext {
  readonly issues: PendingIssue[];
  /** Input is the contract's JSON form: timestamps may also be ISO-8601 strings. */
  readonly json: boolean;
}

export function report(context: CheckContext, code: ValidationIssueCode, detail: string, segment?: string): void {
  context.issues.push({ segments: segment === undefined ? [] : [segment], code, detail });
}

/** Prefixes the issues reported since `before` with a container's segment. */
export function under(context: CheckContext, before: number, segment: string): void {
  for (let i = before; i < context.issues.length; i++) context.issues[i]?.segments.push(segment);
}

/** The final issues, with dotted paths: `payload.tags[0].key`. */
export function finish(pending: readonly PendingIssue[]): ValidationIssue[] {
  return pending.map((p) => {
    let path = '';
    for (let i = p.segments.length - 1; i >= 0; i--) {
      const segment = p.segments[i] ?? '';
      path = path === '' || segment.startsWith('[') ? `${path}${segment}` : `${path}.${segment}`;
    }
    return issue(path, p.code, p.detail);
  });
}
