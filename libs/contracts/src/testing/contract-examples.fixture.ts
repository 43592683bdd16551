/** Test support: the committed example events (schemas/v1/examples) and repository paths. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../../..');
export const schemaDir = join(repoRoot, 'schemas/v1');
export const examplesDir = join(schemaDir, 'examples');

export interface ContractExample {
  readonly type: string;
  readonly file: string;
  readonly text: string;
}

export function loadExamples(): readonly ContractExample[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ type: file.replace(/\.json$/, ''), file, text: readFileSync(join(examplesDir, file), 'utf8') }));
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}
