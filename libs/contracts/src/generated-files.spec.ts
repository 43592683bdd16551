import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeadLetterReason } from './generated/v1';
import { repoRoot } from './testing/contract-examples.fixture';

function run(script: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(repoRoot, script), '--check'], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('files generated from the schemas', () => {
  it('generated/v1.ts is up to date with schemas/v1/*.avsc', () => {
    // given the committed schemas, when the codegen checks its output, then it exits 0
    const { status, output } = run('tools/codegen/avro-to-ts.mjs');
    expect(output).toContain('up to date');
    expect(status).toBe(0);
  });

  it('schemas/README.md reference section is up to date with the schemas and examples', () => {
    // given the committed schemas and examples, when the docs generator checks the README, then it exits 0
    const { status, output } = run('tools/codegen/schema-docs.mjs');
    expect(output).toContain('up to date');
    expect(status).toBe(0);
  });

  it('schemas/README.md explains every dead-letter reason', () => {
    // given the hand-written README, when looking for each DeadLetterReason symbol, then each has a row
    const readme = readFileSync(join(repoRoot, 'schemas/README.md'), 'utf8');
    expect(DeadLetterReason.filter((reason) => !readme.includes(`| \`${reason}\` |`))).toEqual([]);
  });
});
