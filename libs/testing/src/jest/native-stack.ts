import { spawn } from 'node:child_process';
import { type ServiceName } from '../services/service-availability';
import { type NativeStackReport } from '../services/stack-report';

export interface StackCommandOptions {
  readonly root: string;
  readonly command: NativeStackReport['command'];
  readonly services: readonly ServiceName[];
}

/**
 * Runs `npm run stack:<command>` (tools/stack) in a child process. The npm script, not an import,
 * is the interface: libs/ may not depend on tools/, and the services it starts must outlive it.
 */
export function runStackCommand(options: StackCommandOptions): Promise<NativeStackReport> {
  const args = ['run', '-s', `stack:${options.command}`, '--', ...options.services, '--json'];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: options.root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.once('error', (error) => reject(new Error(`could not run npm ${args.join(' ')}: ${error.message}`)));
    child.once('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as NativeStackReport);
      } catch {
        reject(new Error(`npm ${args.join(' ')} exited with ${code} without a JSON report; its output: ${stdout.slice(-500) || '(none)'}`));
      }
    });
  });
}
