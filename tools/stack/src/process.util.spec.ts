import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findByMarker, groupAlive, readPidFile, spawnDetached, stopGroup, writePidFile } from './process.util';

// Real processes, no timing: a shell that forks a grandchild stands in for a service.
describe('process helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callfold-process-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given a detached service that forked a child, when its group is stopped, then no process of it is left and its output is in the log', async () => {
    const marker = `callfold-spec-${process.pid}-${Date.now()}`;
    const logFile = join(dir, 'service.log');
    const pid = await spawnDetached({ file: 'sh', args: ['-c', `echo started; sleep 300 & sleep 300 & wait # ${marker}`], cwd: dir }, logFile);

    expect(groupAlive(pid)).toBe(true);
    // The shell's forks carry its command line until they exec sleep, so others may match too.
    expect(findByMarker(marker)).toContain(pid);

    const how = await stopGroup(pid, 5_000);

    expect(how).toBe('stopped');
    expect(groupAlive(pid)).toBe(false);
    expect(findByMarker(marker)).toEqual([]);
    expect(readFileSync(logFile, 'utf8')).toContain('started');
  });

  it('given a pid file naming a process that is gone, when read, then it is treated as not running and removed', async () => {
    const file = join(dir, 'gone.pid');
    const pid = await spawnDetached({ file: 'true', args: [], cwd: dir }, join(dir, 'gone.log'));
    await stopGroup(pid, 5_000);
    writePidFile(file, pid);

    expect(readPidFile(file)).toBeUndefined();
    expect(readPidFile(file)).toBeUndefined();
  });
});
