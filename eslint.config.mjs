// Lint: typescript-eslint's recommended rules plus Nx module boundaries. The boundaries keep the
// domain pure: contract and domain libraries may not import NestJS, Kafka or ClickHouse clients
// (style rule 5), and a project may only depend on the layers below it.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const infraPackages = ['@nestjs/*', 'kafkajs', '@kafkajs/*', '@clickhouse/*', 'chdb', 'pino', 'prom-client', 'testcontainers'];

export default [
  { ignores: ['**/node_modules/**', 'dist/**', '.stack/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs', '**/generated/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract'], bannedExternalImports: infraPackages },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contract', 'type:domain'], bannedExternalImports: [...infraPackages, 'avsc'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contract', 'type:domain', 'type:infra'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contract', 'type:domain', 'type:infra'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:contract', 'type:domain', 'type:infra', 'type:tooling'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contract', 'type:domain', 'type:infra', 'type:app', 'type:tooling'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
