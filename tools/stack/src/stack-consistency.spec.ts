import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brokerSettingsAsImageEnv, IMAGES, SERVICE_ENV_VARS, SINGLE_NODE_BROKER_SETTINGS, STACK_ENV_VARS, workspaceRoot } from '@callfold/testing';
import { pomProperty } from './pom.util';

// The native stack, testcontainers and docker-compose.yml must run the same products at the same
// versions with the same single-node settings, and docs/stack.md must list every variable.
describe('stack consistency', () => {
  const root = workspaceRoot(__dirname);
  const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  const docs = readFileSync(join(root, 'docs/stack.md'), 'utf8');
  const tag = (image: string) => image.slice(image.lastIndexOf(':') + 1);

  it('when the images are compared with the poms, then Docker and native run the same Kafka and Apicurio versions', () => {
    expect(tag(IMAGES.kafka)).toBe(pomProperty(join(root, 'tools/stack/kafka/pom.xml'), 'kafka.version'));
    expect(tag(IMAGES['schema-registry'])).toBe(pomProperty(join(root, 'tools/stack/registry/pom.xml'), 'apicurio.version'));
  });

  it('when docker-compose.yml is read, then it uses the testcontainers images', () => {
    for (const image of Object.values(IMAGES)) expect(compose).toContain(`image: ${image}\n`);
  });

  it('when docker-compose.yml is read, then its broker has the single-node settings of the native stack', () => {
    for (const [name, value] of Object.entries(brokerSettingsAsImageEnv(SINGLE_NODE_BROKER_SETTINGS))) {
      expect(compose).toContain(`${name}: "${value}"`);
    }
  });

  it('when docker-compose.yml is read, then it publishes the native stack ports on loopback', () => {
    expect(compose).toContain('"127.0.0.1:9092:9092"');
    expect(compose).toContain('"127.0.0.1:8081:8080"');
    expect(compose).toContain('"127.0.0.1:8123:8123"');
  });

  it('when docs/stack.md is read, then it documents every CALLFOLD_* variable', () => {
    const missing = [...SERVICE_ENV_VARS, ...STACK_ENV_VARS].map((v) => v.name).filter((name) => !docs.includes(`\`${name}\``));

    expect(missing).toEqual([]);
  });
});
