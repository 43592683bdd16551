/** Test support for `.int.spec.ts`: the real Kafka and schema registry, or a clear skip. */
import { randomUUID } from 'node:crypto';
import { describeWithService } from '@callfold/testing';
import { createConfluentRegistryClient } from '../confluent-registry.client';
import { kafkaSettingsFromEnv, type KafkaSettings } from '../kafka.config';
import { type ConsumerEngineEvents, type InboundMessage, type KafkaClient } from '../kafka.port';
import { createKafkaClient } from '../kafkajs.adapter';
import { createConsoleLogger, logLevelFromEnv, type Logger } from '../logger';
import { createCallEventRegistry } from '../schema-registry';

/**
 * `describe` when Kafka (and the schema registry, if needed) are available for this run, as
 * decided by the shared jest globalSetup; otherwise skipped with the reason printed.
 */
export function describeWithStack(name: string, body: () => void, needs: { registry?: boolean } = { registry: true }): void {
  if (!needs.registry) {
    describeWithService('kafka', name, body);
    return;
  }
  describeWithService('kafka', name, () => describeWithService('schema-registry', 'with the schema registry', body));
}

export interface IntStack {
  readonly settings: KafkaSettings;
  readonly logger: Logger;
  readonly client: KafkaClient;
}

export function intStack(): IntStack {
  const settings = kafkaSettingsFromEnv();
  const logger = createConsoleLogger({ namespace: 'it', level: process.env['CALLFOLD_LOG_LEVEL'] ? logLevelFromEnv() : 'warn' });
  return { settings, logger, client: createKafkaClient(settings, { logger }) };
}

export function callEventRegistry(stack: IntStack) {
  return createCallEventRegistry(createConfluentRegistryClient(stack.settings.registry), { logger: stack.logger });
}

/** Fresh names per run: tests never see each other's data, and reruns start clean. */
export function uniqueName(prefix: string): string {
  return `it.${prefix}.${randomUUID().slice(0, 8)}`;
}

export async function createTopics(client: KafkaClient, topics: readonly string[], partitions = 1): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics(topics.map((topic) => ({ topic, partitions })));
  } finally {
    await admin.disconnect();
  }
}

export async function committedOffsets(client: KafkaClient, groupId: string, topic: string): Promise<string[]> {
  const admin = client.admin();
  await admin.connect();
  try {
    return (await admin.committedOffsets(groupId, topic)).map((p) => p.offset);
  } finally {
    await admin.disconnect();
  }
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const noEvents: ConsumerEngineEvents = { onGroupJoin: () => undefined, onRebalancing: () => undefined, onCrash: () => undefined };

/**
 * Reads a topic from the beginning with the raw engine (read_committed unless asked
 * otherwise) until `count` messages arrived, then `settleMs` more to catch any surplus.
 */
export async function readTopic(client: KafkaClient, topic: string, count: number, options: { readUncommitted?: boolean; settleMs?: number } = {}): Promise<InboundMessage[]> {
  const seen: InboundMessage[] = [];
  const engine = client.consumer({ groupId: uniqueName('reader'), topics: [topic], fromBeginning: true, readUncommitted: options.readUncommitted ?? false, maxWaitTimeMs: 200 });
  try {
    await engine.start(async (batch, control) => {
      seen.push(...batch.messages);
      control.markConsumed(batch.lastOffset);
    }, noEvents);
    await waitFor(`${count} messages on ${topic}`, () => seen.length >= count);
    await new Promise((r) => setTimeout(r, options.settleMs ?? 1_500));
  } finally {
    await engine.stop();
  }
  return seen;
}
