/**
 * Apicurio Registry, whose /apis/ccompat/v7 API is the Confluent Schema Registry API. Its
 * packaged distribution (a Quarkus runner jar and lib/) comes from Maven Central through
 * tools/stack/registry/pom.xml. Storage is the default in-memory H2 database: schemas last until
 * stack:down, which is what tests want.
 */
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeRegistry, type StackEnv } from '@callfold/testing';
import { pomProperty } from './pom.util';
import { type StackService } from './service.types';
import { type StackPaths } from './stack.paths';
import { javaBinary, javaProblem, mavenProblem, runMaven } from './toolchain.util';

export interface RegistryServiceOptions {
  readonly stack: StackEnv;
  readonly paths: StackPaths;
}

// Apicurio 3.0.x is built for Java 17; 3.1 and later need Java 21 (see the pom).
const JAVA_NEEDED = 17;

export function createRegistryService(options: RegistryServiceOptions): StackService {
  const { stack, paths } = options;
  const pom = join(stack.root, 'tools/stack/registry/pom.xml');
  const version = pomProperty(pom, 'apicurio.version');
  const dist = join(paths.cache, `apicurio-registry-${version}`);
  const runner = join(dist, `apicurio-registry-app-${version}-runner.jar`);
  const home = paths.home('schema-registry');
  const logFile = join(paths.logs, 'schema-registry.log');
  const java = javaBinary();
  const url = `http://127.0.0.1:${stack.registryPort}/apis/ccompat/v7`;
  const cached = () => existsSync(join(dist, '.complete'));

  async function download(): Promise<void> {
    const partial = `${dist}.partial`;
    rmSync(partial, { recursive: true, force: true });
    await runMaven({ pom, goal: 'dependency:unpack', properties: { 'stack.unpackDir': partial }, logFile: join(paths.logs, 'maven.log') });
    // The tarball has pax headers, which Maven's unarchiver extracts as a stray folder.
    for (const entry of readdirSync(partial)) if (entry.startsWith('PaxHeaders')) rmSync(join(partial, entry), { recursive: true, force: true });
    if (!existsSync(join(partial, `apicurio-registry-app-${version}-runner.jar`))) throw new Error(`the Apicurio ${version} archive has no runner jar; see ${join(paths.logs, 'maven.log')}`);
    writeFileSync(join(partial, '.complete'), `${version}\n`);
    rmSync(dist, { recursive: true, force: true });
    renameSync(partial, dist);
  }

  return {
    name: 'schema-registry',
    logFile,
    ports: [{ port: stack.registryPort, variable: 'CALLFOLD_STACK_REGISTRY_PORT' }],
    marker: `-Dcallfold.stack=${home}`,
    async unavailableBecause() {
      return javaProblem(java, JAVA_NEEDED, `Apicurio Registry ${version}`) ?? (cached() ? undefined : mavenProblem(`Apicurio Registry ${version}`));
    },
    async prepare() {
      if (cached()) return { warm: true };
      await download();
      return { warm: false };
    },
    launch() {
      return {
        file: java,
        args: [
          '-Xms64m',
          '-Xmx512m',
          // C1 only: see kafka.service.ts.
          '-XX:TieredStopAtLevel=1',
          `-Dcallfold.stack=${home}`,
          '-Dquarkus.http.host=127.0.0.1',
          `-Dquarkus.http.port=${stack.registryPort}`,
          // One line per request is noise in a test log.
          '-Dquarkus.http.access-log.enabled=false',
          '-jar',
          runner,
        ],
        cwd: dist,
      };
    },
    probe: () => probeRegistry({ registry: { url } }),
  };
}
