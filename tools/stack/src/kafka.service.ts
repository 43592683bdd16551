/**
 * Apache Kafka from its Maven Central jars: `mvn dependency:copy-dependencies` on
 * tools/stack/kafka/pom.xml fills .stack/cache/kafka-<version>/, the storage tool formats the data
 * folder once, and kafka.Kafka runs as a single KRaft node.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeKafka, type KafkaEnv, type StackEnv } from '@callfold/testing';
import { isUsableClusterId, log4j2Properties, newClusterId, serverProperties } from './kafka.config';
import { pomProperty } from './pom.util';
import { type StackService } from './service.types';
import { type StackPaths } from './stack.paths';
import { javaBinary, javaProblem, mavenProblem, runMaven } from './toolchain.util';

export interface KafkaServiceOptions {
  readonly stack: StackEnv;
  readonly paths: StackPaths;
}

// Kafka 4.x brokers require Java 17 (https://kafka.apache.org/documentation/#java).
const JAVA_NEEDED = 17;

export function createKafkaService(options: KafkaServiceOptions): StackService {
  const { stack, paths } = options;
  const pom = join(stack.root, 'tools/stack/kafka/pom.xml');
  const version = pomProperty(pom, 'kafka.version');
  const libs = join(paths.cache, `kafka-${version}`, 'libs');
  const home = paths.home('kafka');
  const dataDir = join(home, 'data');
  const logFile = join(paths.logs, 'kafka.log');
  const java = javaBinary();
  const kafka: KafkaEnv = { brokers: [`127.0.0.1:${stack.kafkaPort}`], clientId: 'callfold-stack' };
  const cached = () => existsSync(join(libs, '.complete'));

  async function download(): Promise<void> {
    const partial = `${libs}.partial`;
    rmSync(partial, { recursive: true, force: true });
    await runMaven({ pom, goal: 'dependency:copy-dependencies', properties: { outputDirectory: partial }, logFile: join(paths.logs, 'maven.log') });
    writeFileSync(join(partial, '.complete'), `${version}\n`);
    rmSync(libs, { recursive: true, force: true });
    renameSync(partial, libs);
  }

  /** Formats the data folder the first time; the cluster id is kept so a re-format reuses it. */
  function format(): void {
    const idFile = join(home, 'cluster-id');
    // Formatting failed before if the id is unusable, so nothing was formatted with it.
    if (!existsSync(idFile) || !isUsableClusterId(readFileSync(idFile, 'utf8').trim())) writeFileSync(idFile, `${newClusterId()}\n`);
    const clusterId = readFileSync(idFile, 'utf8').trim();
    const run = spawnSync(
      java,
      ['-Xmx256m', `-Dlog4j2.configurationFile=${join(home, 'log4j2.properties')}`, '-cp', `${libs}/*`, 'kafka.tools.StorageTool', 'format', '--cluster-id', clusterId, '--config', join(home, 'server.properties')],
      { encoding: 'utf8', timeout: 120_000 },
    );
    appendFileSync(logFile, `${run.stdout ?? ''}${run.stderr ?? ''}`);
    if (run.status !== 0) throw new Error(`formatting the Kafka storage failed (exit ${run.status}); see ${logFile}`);
  }

  return {
    name: 'kafka',
    logFile,
    ports: [
      { port: stack.kafkaPort, variable: 'CALLFOLD_STACK_KAFKA_PORT' },
      { port: stack.kafkaControllerPort, variable: 'CALLFOLD_STACK_KAFKA_CONTROLLER_PORT' },
    ],
    marker: `-Dcallfold.stack=${home}`,
    async unavailableBecause() {
      return javaProblem(java, JAVA_NEEDED, `Kafka ${version}`) ?? (cached() ? undefined : mavenProblem(`Kafka ${version}`));
    },
    async prepare() {
      let warm = true;
      if (!cached()) {
        warm = false;
        await download();
      }
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(home, 'server.properties'), serverProperties({ port: stack.kafkaPort, controllerPort: stack.kafkaControllerPort, dataDir }));
      writeFileSync(join(home, 'log4j2.properties'), log4j2Properties());
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        warm = false;
        format();
      }
      return { warm };
    },
    launch() {
      return {
        file: java,
        args: [...kafkaJvmOptions(), '-Djava.awt.headless=true', `-Dcallfold.stack=${home}`, `-Dlog4j2.configurationFile=${join(home, 'log4j2.properties')}`, '-cp', `${libs}/*`, 'kafka.Kafka', join(home, 'server.properties')],
        cwd: home,
      };
    },
    probe: () => probeKafka({ kafka }),
    afterReady: () => probeKafka({ kafka, warm: true }),
  };
}

/**
 * Small heap: one test broker; C1 only (TieredStopAtLevel=1) starts faster on two shared cores and
 * the test traffic never needs C2's peak throughput. CALLFOLD_STACK_KAFKA_JVM_OPTS replaces these
 * flags, e.g. "-Xms1g -Xmx1g" to try a benchmark against a C2-compiled broker (docs/benchmarks.md).
 */
export function kafkaJvmOptions(env: NodeJS.ProcessEnv = process.env): string[] {
  const given = env['CALLFOLD_STACK_KAFKA_JVM_OPTS']?.trim();
  return given ? given.split(/\s+/) : ['-Xms256m', '-Xmx768m', '-XX:TieredStopAtLevel=1'];
}
