/** The broker's config files, as pure functions of the stack settings (unit-tested). */
import { randomBytes } from 'node:crypto';
import { SINGLE_NODE_BROKER_SETTINGS } from '@callfold/testing';

export interface KafkaConfigOptions {
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
}

/**
 * One node in KRaft combined mode: the same JVM is broker and controller
 * (https://kafka.apache.org/documentation/#kraft_role). Both listeners bind loopback only, and the
 * broker advertises 127.0.0.1 so clients never get redirected to a name that does not resolve.
 */
export function serverProperties(options: KafkaConfigOptions): string {
  const settings: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${options.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${options.port},CONTROLLER://127.0.0.1:${options.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${options.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': options.dataDir,
    ...SINGLE_NODE_BROKER_SETTINGS,
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `# Written by tools/stack (npm run stack:up) on every start; edit tools/stack/src/kafka.config.ts instead.\n${lines.join('\n')}\n`;
}

/** Broker logs go to stdout, which the stack appends to .stack/logs/kafka.log. */
export function log4j2Properties(): string {
  return [
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.stdout.ref = STDOUT',
    'appender.stdout.type = Console',
    'appender.stdout.name = STDOUT',
    'appender.stdout.layout.type = PatternLayout',
    'appender.stdout.layout.pattern = [%d] %p %m (%c)%n',
    // Per-request and state-change chatter is useful only when debugging the broker itself.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    'logger.state.name = state.change.logger',
    'logger.state.level = WARN',
    '',
  ].join('\n');
}

/**
 * A KRaft cluster id: 16 random bytes in URL-safe base64 without padding, as `kafka-storage
 * random-uuid` prints. Never one starting with "-": the storage tool's argument parser would take
 * it for an option and refuse to format (Kafka's own Uuid.randomUuid() draws again for the same
 * reason, https://github.com/apache/kafka/blob/trunk/clients/src/main/java/org/apache/kafka/common/Uuid.java).
 */
export function newClusterId(random: () => Buffer = () => randomBytes(16)): string {
  for (;;) {
    const id = random().toString('base64url');
    if (isUsableClusterId(id)) return id;
  }
}

/** False for ids the storage tool cannot take as an argument (an id file left by an older stack). */
export function isUsableClusterId(id: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/.test(id);
}
