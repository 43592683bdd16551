import { type Prng } from '../random/prng';

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly phone: string;
  readonly email: string;
}

const FIRST = ['Maria', 'Rui', 'Ana', 'Miguel', 'Sofia', 'Nuno', 'Ines', 'Joao', 'Freja', 'Lars', 'Emma', 'Oliver', 'Priya', 'Kenji', 'Amara', 'Lucas'];
const LAST = ['Jensen', 'Matos', 'Silva', 'Alves', 'Costa', 'Dias', 'Nielsen', 'Hansen', 'Smith', 'Okafor', 'Tanaka', 'Patel', 'Ferreira', 'Larsen'];
const COUNTRY_PREFIX = ['+35191', '+35193', '+35196', '+4520', '+4530', '+4478'];

/** A customer with consistent id, name, phone and email (chat sessions use the email as contact). */
export function newCustomer(rng: Prng): Customer {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const number = rng.int(0, 9_999_999);
  return {
    id: `cust-${String(rng.int(1, 999_999)).padStart(6, '0')}`,
    name: `${first} ${last}`,
    phone: rng.pick(COUNTRY_PREFIX) + String(number).padStart(7, '0'),
    email: `${first.toLowerCase()}.${last.toLowerCase()}${number % 100}@example.com`,
  };
}
