import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCallEventJson } from './call-event.validation';
import { repoRoot } from './testing/contract-examples.fixture';

// The bundled sample conversations (test/fixtures/*.ndjson, one JSON event per line) must all
// satisfy the contract, so demos and end-to-end tests never start from a broken event.
const fixturesDir = join(repoRoot, 'test/fixtures');
const files = existsSync(fixturesDir) ? readdirSync(fixturesDir).filter((f) => f.endsWith('.ndjson')).sort() : [];

function failures(file: string): string[] {
  const lines = readFileSync(join(fixturesDir, file), 'utf8').split('\n');
  return lines.flatMap((line, i) => {
    if (line.trim() === '') return [];
    const result = parseCallEventJson(line);
    return result.ok ? [] : result.errors.map((e) => `${file}:${i + 1}: ${e.message}`);
  });
}

describe('test/fixtures/*.ndjson', () => {
  if (files.length === 0) {
    it('has no fixture files yet', () => {
      console.log(`note: no .ndjson files in ${fixturesDir}; nothing to check`);
      expect(files).toEqual([]);
    });
    return;
  }

  it.each(files)('every line of %s is a valid CallEvent in JSON form', (file) => {
    // given a fixture file, when parsing each non-empty line, then none is rejected
    expect(failures(file)).toEqual([]);
  });
});
