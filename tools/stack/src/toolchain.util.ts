/** Finds the JDK and Maven the Kafka and registry services need, with actionable messages when missing. */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function javaBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env['JAVA_HOME'] ? join(env['JAVA_HOME'], 'bin', 'java') : 'java';
}

// Both JVM services ask; `java -version` costs a JVM start, so ask once per binary.
const javaMajors = new Map<string, number | undefined>();

/** The major version of `java` (17 for "17.0.15"), or undefined when there is no working java. */
export function javaMajor(java: string): number | undefined {
  if (!javaMajors.has(java)) {
    const run = spawnSync(java, ['-version'], { encoding: 'utf8' });
    const match = /version "(\d+)(?:\.(\d+))?/.exec(`${run.stderr ?? ''}${run.stdout ?? ''}`);
    // Java 8 and older report "1.8.0_x".
    javaMajors.set(java, match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : undefined);
  }
  return javaMajors.get(java);
}

export function javaProblem(java: string, needed: number, who: string): string | undefined {
  const major = javaMajor(java);
  if (major === undefined) return `${who} needs Java ${needed}+, but \`${java} -version\` does not run: install a JDK (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME`;
  if (major < needed) return `${who} needs Java ${needed}+, found Java ${major}: install a newer JDK or point JAVA_HOME at one`;
  return undefined;
}

export function mavenProblem(who: string): string | undefined {
  const run = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (run.status === 0) return undefined;
  return `${who} is downloaded from Maven Central with Maven, but \`mvn\` is not available: install it (Debian: apt-get install maven)`;
}

export interface MavenRun {
  readonly pom: string;
  readonly goal: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly logFile: string;
}

/** Runs one Maven goal in batch mode, its output appended to `logFile`. */
export function runMaven(run: MavenRun): Promise<void> {
  mkdirSync(dirname(run.logFile), { recursive: true });
  const fd = openSync(run.logFile, 'a');
  const args = ['-B', '--no-transfer-progress', '-f', run.pom, run.goal, ...Object.entries(run.properties).map(([k, v]) => `-D${k}=${v}`)];
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', fd, fd] });
    child.once('error', (error) => {
      closeSync(fd);
      reject(new Error(`could not run mvn: ${error.message}`));
    });
    child.once('close', (code) => {
      closeSync(fd);
      if (code === 0) resolve();
      else reject(new Error(`mvn ${run.goal} -f ${run.pom} failed (exit ${code}); see ${run.logFile}`));
    });
  });
}
