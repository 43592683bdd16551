/**
 * The `callfold.*` field attributes: rules Avro cannot express, written next to the field in the
 * schema files (Avro ignores unknown attributes, so they travel with the registered schema).
 * They apply to the field's value when it is not null. An unknown `callfold.*` attribute, or
 * one on a field of the wrong type, fails at load: a typo must not silently disable a rule.
 */
import { type RawField } from './schema-catalog';
import { show, type ValidationIssueCode } from './validation-issue';

export interface AttributeViolation {
  readonly code: ValidationIssueCode;
  readonly detail: string;
}

/** Checks a well-typed, non-null value; returns the violation, if any. */
export type AttributeCheck = (value: unknown) => AttributeViolation | undefined;

const ATTRIBUTE_PREFIX = 'callfold.';

/** The attribute names this library enforces, documented in schemas/README.md. */
export const VALIDATION_ATTRIBUTES = ['callfold.range', 'callfold.minLength', 'callfold.format'] as const;
export const STRING_FORMATS = ['json', 'url'] as const;

function codePoints(text: string, atLeast: number): number {
  // Only count code points when the UTF-16 length alone cannot decide.
  if (text.length >= atLeast * 2) return text.length;
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** An absolute URL with a scheme and a host: https://..., s3://bucket/key; not a bare path. */
function isAbsoluteUrl(text: string): boolean {
  try {
    return new URL(text).host !== '';
  } catch {
    return false;
  }
}

function jsonError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function range(spec: unknown, where: string): AttributeCheck {
  const [min, max] = Array.isArray(spec) && spec.length === 2 ? (spec as unknown[]) : [];
  if (typeof min !== 'number' || typeof max !== 'number' || min > max) {
    throw new Error(`${where}: callfold.range must be [min, max] with min <= max, got ${JSON.stringify(spec)}`);
  }
  return (value) => (typeof value === 'number' && (value < min || value > max) ? { code: 'range', detail: `${value} is outside ${min}..${max}` } : undefined);
}

function minLength(spec: unknown, where: string): AttributeCheck {
  if (!Number.isInteger(spec) || (spec as number) < 0) throw new Error(`${where}: callfold.minLength must be a non-negative integer`);
  const min = spec as number;
  return (value) => {
    if (typeof value !== 'string') return undefined;
    const length = codePoints(value, min);
    if (length >= min) return undefined;
    return { code: 'min-length', detail: length === 0 ? 'must not be empty' : `${show(value)} is ${length} characters long, minimum ${min}` };
  };
}

function format(spec: unknown, where: string): AttributeCheck {
  if (spec === 'json') {
    return (value) => {
      const error = typeof value === 'string' ? jsonError(value) : undefined;
      return error === undefined ? undefined : { code: 'format', detail: `${show(value)} is not valid JSON (${error})` };
    };
  }
  if (spec === 'url') {
    return (value) => (typeof value === 'string' && !isAbsoluteUrl(value) ? { code: 'format', detail: `${show(value)} is not an absolute URL` } : undefined);
  }
  throw new Error(`${where}: callfold.format must be one of ${STRING_FORMATS.join(', ')}, got ${JSON.stringify(spec)}`);
}

const APPLIES_TO: Readonly<Record<(typeof VALIDATION_ATTRIBUTES)[number], readonly string[]>> = {
  'callfold.range': ['int', 'long'],
  'callfold.minLength': ['string'],
  'callfold.format': ['string'],
};

/**
 * The checks a field's attributes ask for. `valueType` is the Avro type name of the field's
 * non-null branch (`int`, `long`, `string`, `record`, ...).
 */
export function compileAttributes(field: RawField, valueType: string, owner: string): AttributeCheck[] {
  const checks: AttributeCheck[] = [];
  for (const [name, spec] of Object.entries(field)) {
    if (!name.startsWith(ATTRIBUTE_PREFIX)) continue;
    const where = `${owner}.${field.name}`;
    const allowed = APPLIES_TO[name as keyof typeof APPLIES_TO] as readonly string[] | undefined;
    if (allowed === undefined) throw new Error(`${where}: unknown validation attribute ${name} (known: ${VALIDATION_ATTRIBUTES.join(', ')})`);
    if (!allowed.includes(valueType)) throw new Error(`${where}: ${name} applies to ${allowed.join(' or ')} fields, not ${valueType}`);
    if (name === 'callfold.range') checks.push(range(spec, where));
    else if (name === 'callfold.minLength') checks.push(minLength(spec, where));
    else checks.push(format(spec, where));
  }
  return checks;
}
