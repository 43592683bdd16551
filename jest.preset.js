// Shared jest configuration. Each Nx project calls `projectJestConfig(dir, kind)` once per
// test kind, so `.spec.ts` (unit), `.int.spec.ts` (real services) and `.e2e.spec.ts` (whole
// pipeline) run as separate Nx targets.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    path.join(__dirname, target),
  ]),
);

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const patterns = {
  unit: { testMatch: ['**/*.spec.ts'], ignore: ['\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'] },
  int: { testMatch: ['**/*.int.spec.ts'], ignore: [] },
  e2e: { testMatch: ['**/*.e2e.spec.ts'], ignore: [] },
};

/** @param {string} dir project root (pass __dirname) @param {'unit'|'int'|'e2e'} kind */
function projectJestConfig(dir, kind = 'unit', extra = {}) {
  const p = patterns[kind];
  return {
    displayName: `${path.relative(__dirname, dir)}:${kind}`,
    rootDir: dir,
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': swc },
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper,
    testMatch: p.testMatch.map((m) => `<rootDir>/${m}`),
    testPathIgnorePatterns: ['/node_modules/', ...p.ignore],
    reporters: ['default', [path.join(__dirname, 'tools/scripts/jest-results.reporter.js'), {}]],
    ...(kind === 'unit' ? {} : { testTimeout: 120_000, maxWorkers: 1 }),
    ...extra,
  };
}

module.exports = { projectJestConfig };
