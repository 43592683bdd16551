/**
 * Runtime checks of CallEvents, derived from the schema files alone (structure and `callfold.*`
 * attributes): for producers at the edge, the replay CLI and dead-letter reasons.
 *
 * The JSON form is `{eventId, conversationId, occurredAt, sequence, source: {system, vendor,
 * node}, type, payload}`: nullable fields are plain values or null and the payload is not
 * wrapped (this is not Avro's JSON encoding, which wraps every union).
 */
import { CONTRACT_NAMESPACE, contractCatalog, payloadBranchNames } from './avro-types';
import { type CallEvent } from './generated/v1';
import { finish, report, under, type CheckContext } from './pending-issues';
import { SchemaValidators, type RecordValidator } from './schema-validator';
import { formatIssues, issue, show, type ValidationIssue } from './validation-issue';

export type CallEventValidation = { readonly ok: true; readonly event: CallEvent } | { readonly ok: false; readonly errors: readonly ValidationIssue[] };

const validators = new SchemaValidators(contractCatalog);
// The Avro union `payload` is replaced by `type` + `payload` in the TS/JSON form, so the
// envelope validator leaves both to `check` below, which picks the record by `type`.
const envelope = validators.recordWithout(`${CONTRACT_NAMESPACE}.CallEvent`, new Set(['payload']));
const payloads = new Map<string, RecordValidator>(payloadBranchNames.map((type) => [type, validators.record(`${CONTRACT_NAMESPACE}.${type}`)]));
const TYPE_AND_PAYLOAD: ReadonlySet<string> = new Set(['type', 'payload']);

function suggestion(type: string): string {
  const lower = type.toLowerCase();
  const close = payloadBranchNames.find((known) => known.toLowerCase() === lower);
  return close === undefined ? ' (the event types are listed in schemas/README.md)' : ` (did you mean ${close}?)`;
}

function check(value: unknown, json: boolean): CallEventValidation {
  const context: CheckContext = { issues: [], json };
  const event = envelope.check(value, context, TYPE_AND_PAYLOAD);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, errors: finish(context.issues) };
  const { type, payload } = value as { readonly type?: unknown; readonly payload?: unknown };
  if (type === undefined) {
    report(context, 'missing-field', 'missing required field', 'type');
  } else if (typeof type !== 'string') {
    report(context, 'wrong-type', `expected an event type name (a string), got ${show(type)}`, 'type');
  } else {
    const validator = payloads.get(type);
    if (validator === undefined) {
      report(context, 'unknown-event-type', `unknown event type ${show(type)}${suggestion(type)}`, 'type');
    } else if (payload === undefined) {
      report(context, 'missing-field', 'missing required field', 'payload');
    } else {
      const before = context.issues.length;
      event['type'] = type;
      event['payload'] = validator.check(payload, context);
      under(context, before, 'payload');
    }
  }
  if (context.issues.length > 0) return { ok: false, errors: finish(context.issues) };
  return { ok: true, event: event as unknown as CallEvent };
}

/**
 * Checks a CallEvent in TS form against the schema and its `callfold.*` rules. On success,
 * `event` is a normalized copy: fields omitted on the input that have an Avro default carry it,
 * keys are in schema order. Undeclared fields are errors (Avro would drop them silently).
 */
export function validateCallEvent(value: unknown): CallEventValidation {
  return check(value, false);
}

/**
 * Parses one line of the JSON form (e.g. an NDJSON fixture or replay file). Like
 * validateCallEvent, and timestamps may also be ISO-8601 strings with a zone
 * (`2024-06-10T09:15:00.123Z`), converted to epoch milliseconds.
 */
export function parseCallEventJson(line: string): CallEventValidation {
  let value: unknown;
  try {
    value = JSON.parse(line) as unknown;
  } catch (error) {
    return { ok: false, errors: [issue('', 'invalid-json', `not valid JSON (${error instanceof Error ? error.message : String(error)})`)] };
  }
  return check(value, true);
}

/**
 * The JSON form of an event, on one line, keys in schema order, timestamps in epoch ms:
 * `parseCallEventJson(toCallEventJson(e))` gives back `e`. Throws on an invalid event.
 */
export function toCallEventJson(event: CallEvent): string {
  const result = validateCallEvent(event);
  if (!result.ok) throw new Error(`cannot write an invalid event as JSON: ${formatIssues(result.errors)}`);
  return JSON.stringify(result.event);
}
