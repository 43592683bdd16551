/**
 * Starts the backing services as containers with testcontainers, when a Docker engine is
 * reachable. testcontainers is imported lazily: without Docker (the common case here) the test
 * setup never pays for loading it.
 */
import { createServer } from 'node:net';
import { brokerSettingsAsImageEnv, SINGLE_NODE_BROKER_SETTINGS } from '../env/kafka-single-node';
import { STACK_CLICKHOUSE_PASSWORD, STACK_CLICKHOUSE_USER } from '../env/stack-env';
import { type ServiceName } from '../services/service-availability';
import { IMAGES } from './images';

export interface StartedService {
  /** CALLFOLD_* variables pointing at the container. */
  readonly vars: Record<string, string>;
  stop(): Promise<void>;
}

export async function dockerReachable(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startKafka(): Promise<StartedService> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // The broker must advertise the address clients dial, so the host port is chosen up front
  // and bound to the same number, instead of learning a random mapping after start.
  const hostPort = await freePort();
  const container = await new GenericContainer(IMAGES.kafka)
    .withExposedPorts({ container: 9092, host: hostPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,CONTROLLER://localhost:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${hostPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      ...brokerSettingsAsImageEnv(SINGLE_NODE_BROKER_SETTINGS),
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return { vars: { CALLFOLD_KAFKA_BROKERS: `127.0.0.1:${hostPort}` }, stop: async () => void (await container.stop()) };
}

async function startRegistry(): Promise<StartedService> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGES['schema-registry'])
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forHttp('/health/ready', 8080))
    .start();
  const url = `http://${container.getHost()}:${container.getMappedPort(8080)}/apis/ccompat/v7`;
  return { vars: { CALLFOLD_SCHEMA_REGISTRY_URL: url }, stop: async () => void (await container.stop()) };
}

async function startClickHouse(): Promise<StartedService> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGES.clickhouse)
    .withEnvironment({ CLICKHOUSE_USER: STACK_CLICKHOUSE_USER, CLICKHOUSE_PASSWORD: STACK_CLICKHOUSE_PASSWORD })
    .withExposedPorts(8123)
    .withWaitStrategy(Wait.forHttp('/ping', 8123))
    .start();
  return {
    vars: {
      CALLFOLD_CLICKHOUSE_URL: `http://${container.getHost()}:${container.getMappedPort(8123)}`,
      CALLFOLD_CLICKHOUSE_USER: STACK_CLICKHOUSE_USER,
      CALLFOLD_CLICKHOUSE_PASSWORD: STACK_CLICKHOUSE_PASSWORD,
    },
    stop: async () => void (await container.stop()),
  };
}

const starters: Record<ServiceName, () => Promise<StartedService>> = {
  kafka: startKafka,
  'schema-registry': startRegistry,
  clickhouse: startClickHouse,
};

export function startDockerService(name: ServiceName): Promise<StartedService> {
  return starters[name]();
}
