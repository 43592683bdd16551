import { ImpossibleTransitionError } from './impossible-transition.error';

/** Error factory for the exhaustiveness checks: an event type or enum value this reducer does not know. */
export function unknownEvent(value: unknown): ImpossibleTransitionError {
  const type = typeof value === 'object' && value !== null && 'type' in value ? String(value.type) : JSON.stringify(value);
  return new ImpossibleTransitionError('UNKNOWN_EVENT', `Unknown event type or value: ${type}`);
}
