/**
 * Throughput of the contract's hot paths on one core (not a test: speed is measured, never
 * asserted). Run: `node tools/scripts/build.mjs && node dist/libs/contracts/bench/codec.bench.js`
 * Prints operations per CPU second, the median of 5 rounds of one CPU second each.
 */
import { spawnSync } from 'node:child_process';
import { decodeCallEvent, encodeCallEvent, createCallEventReader } from '../src/call-event.codec';
import { callEventType, parseStandaloneSchema, standaloneSchema } from '../src/avro-types';
import { parseCallEventJson, toCallEventJson, validateCallEvent } from '../src/call-event.validation';
import { type CallEvent } from '../src/generated/v1';

const queued: CallEvent = {
  eventId: 'evt-db4e0f07-7fdf-5d36-2d8f-298d2fd271ac',
  conversationId: 'conv-2024-06-10-7f3a9c2e',
  occurredAt: 1718010915123,
  sequence: 4,
  source: { system: 'acd', vendor: 'genesys', node: 'acd-eu-1' },
  type: 'Queued',
  payload: { queueId: 'billing-en', priority: 3, teamId: 'team-billing' },
};

const created: CallEvent = {
  ...queued,
  type: 'SessionCreated',
  payload: {
    direction: 'INBOUND',
    channel: 'VOICE',
    sessionType: 'VOICE_INBOUND_PSTN',
    flow: 'Utilities Inbound',
    customerId: 'cust-004211',
    customerName: 'Maria Jensen',
    contact: '+4520123456',
    companyNumber: '+4570101010',
    orderNumber: 'A-2024-061001',
  },
};

/** An older writer: the current schema without Queued.teamId, so reads go through a resolver. */
function olderWriterSchema(): string {
  const schema = JSON.parse(standaloneSchema('CallEvent')) as { fields: { name: string; type: unknown }[] };
  const payload = schema.fields.find((f) => f.name === 'payload')?.type as { name: string; fields: { name: string }[] }[];
  const record = payload.find((b) => b.name === 'Queued');
  if (record) record.fields = record.fields.filter((f) => f.name !== 'teamId');
  return JSON.stringify(schema);
}

let sink: unknown;

/** CPU seconds of this process: on a shared machine, wall time would also count other processes' turns. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function measure(name: string, detail: string, operation: () => unknown): void {
  const rounds: number[] = [];
  for (let i = 0; i < 100_000; i++) sink = operation();
  for (let round = 0; round < 5; round++) {
    let count = 0;
    const started = cpuSeconds();
    let elapsed = 0;
    while (elapsed < 1) {
      for (let i = 0; i < 10_000; i++) sink = operation();
      count += 10_000;
      elapsed = cpuSeconds() - started;
    }
    rounds.push(count / elapsed);
  }
  rounds.sort((a, b) => a - b);
  const median = Math.round(rounds[2] ?? 0);
  console.log(`${name.padEnd(34)} ${median.toLocaleString('en-US').padStart(11)} /s   ${detail}`);
}

const queuedBody = encodeCallEvent(queued);
const createdBody = encodeCallEvent(created);
const older = olderWriterSchema();
const olderBody = parseStandaloneSchema(older).toBuffer({
  eventId: queued.eventId,
  conversationId: queued.conversationId,
  occurredAt: queued.occurredAt,
  sequence: queued.sequence,
  source: queued.source,
  payload: { 'callfold.v1.Queued': { queueId: 'billing-en', priority: 3 } },
});
const readOlder = createCallEventReader(older);
const queuedJson = toCallEventJson(queued);
const decoded = decodeCallEvent(queuedBody);

const cases: Readonly<Record<string, readonly [name: string, detail: string, operation: () => unknown]>> = {
  baseline: ['avsc fromBuffer (baseline)', 'Queued, wrapped union, no conversion', () => callEventType.fromBuffer(queuedBody)],
  decode: ['decodeCallEvent', 'Queued', () => decodeCallEvent(queuedBody)],
  decodeLarge: ['decodeCallEvent', 'SessionCreated', () => decodeCallEvent(createdBody)],
  decodeOlder: ['createCallEventReader(older)(body)', 'Queued via a cached resolver', () => readOlder(olderBody)],
  encode: ['encodeCallEvent', 'Queued', () => encodeCallEvent(queued)],
  encodeLarge: ['encodeCallEvent', 'SessionCreated', () => encodeCallEvent(created)],
  validate: ['validateCallEvent', 'Queued', () => validateCallEvent(queued)],
  validateDecoded: ['validateCallEvent', 'Queued as decoded (avsc records)', () => validateCallEvent(decoded)],
  consume: ['decodeCallEvent + validateCallEvent', 'Queued, what a consumer does per message', () => validateCallEvent(decodeCallEvent(queuedBody))],
  parseJson: ['parseCallEventJson', 'Queued', () => parseCallEventJson(queuedJson)],
  toJson: ['toCallEventJson', 'Queued', () => toCallEventJson(queued)],
};

// Each case runs in a fresh process: sharing one JIT, earlier cases change how later ones are
// optimized (measured: decodeCallEvent ran 30 % slower right after avsc's fromBuffer had been measured).
const only = process.argv[2];
if (only === undefined) {
  console.log(`node ${process.version}, Queued body ${queuedBody.length} B, SessionCreated body ${createdBody.length} B`);
  for (const name of Object.keys(cases)) spawnSync(process.execPath, [__filename, name], { stdio: 'inherit' });
} else {
  const [name, detail, operation] = cases[only] ?? ['', '', () => undefined];
  measure(name, detail, operation);
  // Keeps the results observable, so no operation can be optimized away.
  if (sink === undefined) process.exitCode = 1;
}
