import fc from 'fast-check';
import { callEventType, CONTRACT_NAMESPACE } from './avro-types';
import { parseCallEventJson, validateCallEvent } from './call-event.validation';
import { type CallEvent } from './generated/v1';
import { loadExamples } from './testing/contract-examples.fixture';

type Json = Record<string, unknown> | unknown[];

const RULE_CODES: ReadonlySet<string> = new Set(['range', 'min-length', 'format']);

const examples: readonly CallEvent[] = loadExamples().map((e) => {
  const result = parseCallEventJson(e.text);
  if (!result.ok) throw new Error(`${e.file} is invalid`);
  return result.event;
});

/** Every path into the value: ['payload', 'tags', 0, 'key'], ... */
function paths(value: unknown, prefix: readonly (string | number)[] = []): (readonly (string | number)[])[] {
  if (typeof value !== 'object' || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => [[...prefix, k], ...paths((value as Record<string | number, unknown>)[k], [...prefix, k])]);
}

function mutate(event: CallEvent, path: readonly (string | number)[], replacement: { readonly value: unknown } | 'delete'): unknown {
  const copy = structuredClone(event) as unknown as Json;
  let target: Json = copy;
  for (const key of path.slice(0, -1)) target = (target as Record<string | number, unknown>)[key] as Json;
  const last = path[path.length - 1] as string | number;
  if (replacement === 'delete') delete (target as Record<string | number, unknown>)[last];
  else (target as Record<string | number, unknown>)[last] = replacement.value;
  return copy;
}

/** avsc's own verdict on the same value, in its wrapped-union form. */
function avscAccepts(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { type, payload, ...rest } = value as Record<string, unknown>;
  if (typeof type !== 'string' || payload === undefined) return false;
  return callEventType.isValid({ ...rest, payload: { [`${CONTRACT_NAMESPACE}.${type}`]: payload } }, { noUndeclaredFields: true });
}

const replacements = fc.oneof(
  fc.constant('delete' as const),
  fc
    .oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.maxSafeInteger(),
      fc.string({ maxLength: 4 }),
      fc.constantFrom('INBOUND', 'HUMAN', 'BUSY', 'CUSTOMER', 'Queued', 'HoldStarted', '{}'),
      fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }),
      fc.dictionary(fc.constantFrom('key', 'value', 'agentId', 'x'), fc.string({ maxLength: 2 }), { maxKeys: 2, noNullPrototype: true }),
    )
    .map((value) => ({ value })),
);

describe('validateCallEvent agrees with avsc on structure', () => {
  it('accepts what avsc accepts, for random mutations of the examples', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: examples.length - 1 }).chain((i) => {
          const example = examples[i] as CallEvent;
          return fc.tuple(fc.constant(example), fc.constantFrom(...paths(example)), replacements);
        }),
        ([example, path, replacement]) => {
          // given an example with one field deleted or replaced by an arbitrary value
          const value = mutate(example, path, replacement);
          // when validating it, ignoring the callfold.* rules Avro does not know
          const result = validateCallEvent(value);
          const structurallyValid = result.ok || result.errors.every((e) => RULE_CODES.has(e.code));
          // then what validates also encodes (nothing avsc rejects passes), and what avsc accepts
          // validates too, except an array given for a record: avsc sees an object with all fields
          // defaulted, we see a producer bug
          const avsc = avscAccepts(value);
          if (structurallyValid) expect(avsc).toBe(true);
          const arrayForRecord = replacement !== 'delete' && Array.isArray(replacement.value);
          if (avsc && !arrayForRecord) expect(structurallyValid).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
