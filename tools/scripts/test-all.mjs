// `npm test`: every check CI runs, in order, stopping at the first failing stage, then one
// closing line with the test counts of all jest runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const resultsDir = join(root, 'tmp/test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const nx = (target) => `npx nx run-many -t ${target} --parallel=1 --outputStyle=stream --skipNxCache`;
const stages = [
  ['lockfile records every platform binary', 'node tools/scripts/lock-platform-optionals.mjs --check'],
  ['contract types up to date', 'node tools/codegen/avro-to-ts.mjs --check'],
  ['schema reference up to date', 'node tools/codegen/schema-docs.mjs --check'],
  ['typecheck', 'npx tsc -p tsconfig.json --noEmit'],
  ['lint (module boundaries)', nx('lint')],
  ['no circular imports', 'npx madge --circular --extensions ts --ts-config tsconfig.base.json apps libs tools test'],
  ['unit tests', nx('test')],
  ['integration tests (real Kafka, registry, ClickHouse)', nx('int')],
  ['end-to-end tests', nx('e2e')],
];

let failedStage = null;
for (const [name, command] of stages) {
  console.log(`\n=== ${name}: ${command}`);
  const started = Date.now();
  const run = spawnSync(command, { cwd: root, stdio: 'inherit', shell: true, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
  console.log(`=== ${name}: ${run.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (run.status !== 0) {
    failedStage = name;
    break;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
for (const file of readdirSync(resultsDir)) {
  const r = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped;
  failures.push(...(r.failures ?? []));
}
for (const f of failures) {
  console.log(`\nFAILED ${f.file}\n  ${f.test}\n${f.message.replace(/^/gm, '    ')}`);
}
if (failedStage) console.log(`\nstage failed: ${failedStage}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed + (failedStage && totals.failed === 0 ? 1 : 0)} failed, ${totals.skipped} skipped`);
process.exit(failedStage || totals.failed > 0 ? 1 : 0);
